// Absolute-form request targets (RFC 9112 3.2.2), "GET http://host:port/b/k": the server accepts
// them, and their authority replaces the Host header for routing and for signature checks.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http_client.hpp"
#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/server.hpp"
#include "s3sandbox/testing.hpp"

namespace s3sandbox {
namespace {

using testing::http_request;

ServerConfig config(auth::AuthMode mode) {
  ServerConfig cfg;  // 127.0.0.1:0, ephemeral
  cfg.auth_mode = mode;
  cfg.access_log = false;
  cfg.threads = 2;
  return cfg;
}

std::string local_authority(const Server& server) {
  return "127.0.0.1:" + std::to_string(server.port());
}

// A presigned SigV4 GET of `path` for `host`, with the default credentials: the query string.
std::string presign_get(const std::string& host, const std::string& path) {
  testing::Endpoint endpoint;
  endpoint.url = "http://" + host;
  endpoint.host = host;
  endpoint.access_key = std::string(auth::kDefaultAccessKey);
  endpoint.secret_key = std::string(auth::kDefaultSecretKey);
  endpoint.region = "us-east-1";
  std::string url = testing::presign_url(endpoint, "GET", path, std::chrono::seconds(300));
  return url.substr(url.find('?') + 1);
}

TEST(AbsoluteFormTest, ObjectIsServedThroughAnAbsoluteFormTarget) {
  Server server(config(auth::AuthMode::kOff));
  server.start();
  ASSERT_EQ(http_request(server.port(), "PUT", "/abs-bucket").status, 200);
  ASSERT_EQ(http_request(server.port(), "PUT", "/abs-bucket/k", "absolute").status, 200);
  const std::string base = "http://" + local_authority(server);
  auto get = http_request(server.port(), "GET", base + "/abs-bucket/k");
  EXPECT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.body, "absolute");
  auto list = http_request(server.port(), "GET", base + "/abs-bucket?list-type=2&prefix=k");
  EXPECT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("<Key>k</Key>"), std::string::npos) << list.body;
}

TEST(AbsoluteFormTest, TheTargetsAuthorityRoutesInsteadOfTheHostHeader) {
  Server server(config(auth::AuthMode::kOff));
  server.start();
  ASSERT_EQ(http_request(server.port(), "PUT", "/vh-bucket").status, 200);
  ASSERT_EQ(http_request(server.port(), "PUT", "/vh-bucket/k", "virtual").status, 200);
  // Virtual-hosted style by the authority; the Host header names no bucket.
  auto get = http_request(server.port(), "GET",
                          "http://vh-bucket.localhost:" + std::to_string(server.port()) + "/k");
  EXPECT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.body, "virtual");
}

TEST(AbsoluteFormTest, SignatureIsCheckedAgainstTheTargetsAuthority) {
  Server server(config(auth::AuthMode::kStrict));
  server.start();
  const std::string signed_host = "s3.example.test:8080";
  const std::string query = presign_get(signed_host, "/");
  // Signed for the authority, sent with another Host header: accepted (ListBuckets).
  auto accepted = http_request(server.port(), "GET", "http://" + signed_host + "/?" + query, {},
                               {{"Host", local_authority(server)}});
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_NE(accepted.body.find("<ListAllMyBucketsResult"), std::string::npos) << accepted.body;
  // The same signature in origin form, where the Host header is the local one: refused, so the
  // acceptance above came from the authority.
  auto refused = http_request(server.port(), "GET", "/?" + query);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("<Code>SignatureDoesNotMatch</Code>"), std::string::npos);
  // And a request signed for the local host but sent with another authority is refused too.
  const std::string local_query = presign_get(local_authority(server), "/");
  auto other = http_request(server.port(), "GET", "http://" + signed_host + "/?" + local_query);
  EXPECT_EQ(other.status, 403) << other.body;
}

}  // namespace
}  // namespace s3sandbox
