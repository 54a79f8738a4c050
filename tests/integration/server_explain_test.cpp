// Server::explain: a presigned URL explained in the server's setting (its keys, region, domains
// and clock), as POST /_sandbox/explain does, and consistent with what the server then answers.
#include <gtest/gtest.h>

#include "http_client.hpp"
#include "s3sandbox/testing.hpp"

namespace s3sandbox {
namespace {

class ServerExplainTest : public testing::SandboxTest {};

TEST_F(ServerExplainTest, UsesTheServersKeysAndClock) {
  const testing::Endpoint& e = endpoint();
  Server& server = sandbox().server();
  const std::string url =
      testing::presign_url(e, "GET", "/explained/k.txt", std::chrono::minutes(5));
  explain::Report r = server.explain({url, "", {}, std::nullopt});
  EXPECT_TRUE(r.usable());
  EXPECT_EQ(r.verdict.credential_source, "server");
  EXPECT_EQ(r.valid_methods, std::vector<std::string>{"GET"});
  EXPECT_EQ(r.bucket, "explained");
  EXPECT_EQ(r.key, "k.txt");

  // The sandbox clock moved past the expiry: explained as expired, and refused by the server.
  server.set_clock_offset(std::chrono::minutes(10));
  explain::Report late = server.explain({url, "GET", {}, std::nullopt});
  server.set_clock_offset(std::chrono::seconds(0));
  EXPECT_TRUE(late.expired);
  EXPECT_FALSE(late.usable());

  // The server's setting plus the page's origin and the expected host.
  explain::ExplainOptions options = server.explain_options();
  options.page_origin = "https://app.example.com";
  options.expect_host = "s3.example.com";
  explain::Report linted = server.explain({url, "GET", {}, std::nullopt}, options);
  EXPECT_TRUE(linted.verdict.valid);  // the server's keys
  EXPECT_FALSE(linted.usable());      // the unexpected host is an error
  // Options without keys: nothing to check the signature with.
  EXPECT_FALSE(server.explain({url, "GET", {}, std::nullopt}, {}).verdict.checked);
}

}  // namespace
}  // namespace s3sandbox
