#include "s3sandbox/control/access.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::control {
namespace {

core::RequestView from(std::string peer, std::string host = "localhost:9000") {
  core::RequestView r;
  r.method = "POST";
  r.path = "/_sandbox/reset";
  r.remote_address = std::move(peer);
  r.headers.push_back({"Host", std::move(host)});
  return r;
}

const std::string kToken = "0123456789abcdef0123";

TEST(ControlAccessTest, LoopbackPeersAreLetInByDefault) {
  const ControlAccess access;
  for (const char* peer : {"127.0.0.1:5000", "127.3.4.5:1", "[::1]:80", "[::ffff:127.0.0.1]:9"}) {
    EXPECT_FALSE(check_control_access(access, from(peer))) << peer;
  }
  for (const char* host : {"127.0.0.1:9000", "[::1]:9000", "bucket.localhost:9000", "LOCALHOST"}) {
    EXPECT_FALSE(check_control_access(access, from("127.0.0.1:5000", host))) << host;
  }
}

TEST(ControlAccessTest, OtherPeersAreRefusedWithTheWayIn) {
  const ControlAccess access;
  for (const char* peer : {"192.168.1.20:5000", "172.17.0.1:4000", "[2001:db8::1]:80", "junk"}) {
    auto refused = check_control_access(access, from(peer));
    ASSERT_TRUE(refused) << peer;
    EXPECT_EQ(refused->status, 403);
    EXPECT_NE(refused->body.find("ControlAccessDenied"), std::string::npos);
    EXPECT_NE(refused->body.find("--control-token"), std::string::npos) << refused->body;
  }
}

TEST(ControlAccessTest, ANonLocalHostNameIsRefusedEvenFromLoopback) {
  // DNS rebinding: evil.example resolving to 127.0.0.1, driven by a page of evil.example.
  auto refused = check_control_access(ControlAccess{}, from("127.0.0.1:5000", "evil.example:9000"));
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->body.find("DNS-rebinding"), std::string::npos) << refused->body;
}

TEST(ControlAccessTest, APageOfAnotherOriginIsRefusedInEveryMode) {
  for (ControlExposure exposure : {ControlExposure::kLoopback, ControlExposure::kOpen}) {
    core::RequestView r = from("127.0.0.1:5000");
    r.headers.push_back({"Origin", "http://evil.example"});
    auto refused = check_control_access(ControlAccess{exposure, kToken}, r);
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->body.find("http://evil.example"), std::string::npos);
  }
  core::RequestView same = from("127.0.0.1:5000");
  same.headers.push_back({"Origin", "http://localhost:9000"});
  EXPECT_FALSE(check_control_access(ControlAccess{}, same));  // the sandbox's own pages
}

TEST(ControlAccessTest, OpenLetsAnyPeerIn) {
  EXPECT_FALSE(check_control_access(ControlAccess{ControlExposure::kOpen, ""},
                                    from("10.0.0.7:5000", "s3.internal:9000")));
}

TEST(ControlAccessTest, TheTokenLetsOtherPeersIn) {
  const ControlAccess access{ControlExposure::kLoopback, kToken};
  core::RequestView bearer = from("10.0.0.7:5000", "sandbox:9000");
  bearer.headers.push_back({"Authorization", "Bearer " + kToken});
  EXPECT_FALSE(check_control_access(access, bearer));
  core::RequestView header = from("10.0.0.7:5000", "sandbox:9000");
  header.headers.push_back({"x-s3sandbox-control-token", kToken});
  EXPECT_FALSE(check_control_access(access, header));

  core::RequestView wrong = from("10.0.0.7:5000");
  wrong.headers.push_back({"Authorization", "Bearer " + kToken + "x"});
  auto refused = check_control_access(access, wrong);
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->body.find("not the one given"), std::string::npos);
  EXPECT_TRUE(check_control_access(access, from("10.0.0.7:5000")));  // no token at all
}

TEST(ControlAccessTest, LoopbackPeerParsing) {
  EXPECT_TRUE(is_loopback_peer("127.0.0.1"));
  EXPECT_TRUE(is_loopback_peer("::1"));
  EXPECT_FALSE(is_loopback_peer("128.0.0.1:1"));
  EXPECT_FALSE(is_loopback_peer(""));
}

}  // namespace
}  // namespace s3sandbox::control
