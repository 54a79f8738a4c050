#include "http/protocol.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::http {
namespace {

TEST(SplitTargetTest, SplitsAtFirstQuestionMarkKeepingEncoding) {
  std::string path, query;
  split_target("/b/k%20x?uploads&x=a?b", path, query);
  EXPECT_EQ(path, "/b/k%20x");
  EXPECT_EQ(query, "uploads&x=a?b");
}

TEST(SplitTargetTest, NoQueryGivesEmptyQuery) {
  std::string path, query = "stale";
  split_target("/b/k", path, query);
  EXPECT_EQ(path, "/b/k");
  EXPECT_EQ(query, "");
}

TEST(ExpectsContinueTest, CaseInsensitiveValueOnHttp11) {
  core::RequestView r;
  r.headers.push_back({"expect", "100-Continue"});
  EXPECT_TRUE(expects_continue(r, 11));
}

TEST(ExpectsContinueTest, IgnoredForHttp10) {
  core::RequestView r;
  r.headers.push_back({"Expect", "100-continue"});
  EXPECT_FALSE(expects_continue(r, 10));
}

TEST(ExpectsContinueTest, AbsentHeaderMeansNo) {
  EXPECT_FALSE(expects_continue(core::RequestView{}, 11));
}

TEST(StatusForbidsBodyTest, InformationalNoContentAndNotModified) {
  EXPECT_TRUE(status_forbids_body(100));
  EXPECT_TRUE(status_forbids_body(204));
  EXPECT_TRUE(status_forbids_body(304));
  EXPECT_FALSE(status_forbids_body(200));
  EXPECT_FALSE(status_forbids_body(206));
  EXPECT_FALSE(status_forbids_body(404));
}

TEST(ServerOwnedHeaderTest, FramingHeadersAreOwnedByTheServer) {
  EXPECT_TRUE(is_server_owned_header("content-length"));
  EXPECT_TRUE(is_server_owned_header("Transfer-Encoding"));
  EXPECT_TRUE(is_server_owned_header("Connection"));
  EXPECT_FALSE(is_server_owned_header("Content-Type"));
}

TEST(SafeHeaderTest, RejectsLineBreaksInValues) {
  EXPECT_FALSE(is_safe_header("X-A", "a\r\nSet-Cookie: b"));
  EXPECT_FALSE(is_safe_header("X-A", "a\nb"));
  EXPECT_TRUE(is_safe_header("X-A", "a b\tc"));
}

TEST(SafeHeaderTest, RejectsBadNames) {
  EXPECT_FALSE(is_safe_header("", "v"));
  EXPECT_FALSE(is_safe_header("X A", "v"));
  EXPECT_FALSE(is_safe_header("X:A", "v"));
}

TEST(FormatPeerTest, BracketsIpv6) {
  EXPECT_EQ(format_peer("127.0.0.1", 80), "127.0.0.1:80");
  EXPECT_EQ(format_peer("::1", 8080), "[::1]:8080");
}

}  // namespace
}  // namespace s3sandbox::http
