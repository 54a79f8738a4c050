// include/s3sandbox/testing.hpp and ServerConfig::log_level, as an embedding test uses them:
// the fixture's sandbox answers requests signed by sign_request() and presign_url(), and the
// server applies the configured log level.
#include <gtest/gtest.h>

#include <thread>

#include "http_client.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/testing.hpp"

namespace s3sandbox {
namespace {

std::map<std::string, std::string> as_map(const testing::HeaderList& headers) {
  return {headers.begin(), headers.end()};
}

class TestingHelpersTest : public testing::SandboxTest {};

TEST_F(TestingHelpersTest, EndpointNamesTheRunningSandboxAndTheDefaultKeys) {
  const testing::Endpoint& e = endpoint();
  EXPECT_EQ(e.url, sandbox().server().endpoint());
  EXPECT_EQ(e.host, "127.0.0.1:" + std::to_string(e.port));
  EXPECT_EQ(e.access_key, "s3sandbox");
  EXPECT_EQ(e.secret_key, "s3sandbox-secret");
  EXPECT_EQ(e.region, "us-east-1");
}

TEST_F(TestingHelpersTest, HeaderSignedRequestsAreAccepted) {
  const testing::Endpoint& e = endpoint();
  testing::RequestToSign create("PUT", "/helpers");
  EXPECT_EQ(
      testing::http_request(e.port, "PUT", "/helpers", "", as_map(testing::sign_request(e, create)))
          .status,
      200);
  const std::string body = "signed body";
  testing::RequestToSign put("PUT", "/helpers/a%20b", body);
  put.headers = {{"Content-Type", "text/plain"}};
  EXPECT_EQ(testing::http_request(e.port, "PUT", "/helpers/a%20b", body,
                                  as_map(testing::sign_request(e, put)))
                .status,
            200);
  testing::RequestToSign get("GET", "/helpers/a%20b");
  auto got = testing::http_request(e.port, "GET", "/helpers/a%20b", "",
                                   as_map(testing::sign_request(e, get)));
  EXPECT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body, body);
  EXPECT_EQ(got.header("content-type"), "text/plain");

  // A body other than the signed one is refused: the payload hash is really signed.
  auto tampered = testing::http_request(e.port, "PUT", "/helpers/a%20b", "other body",
                                        as_map(testing::sign_request(e, put)));
  EXPECT_EQ(tampered.status, 400) << tampered.body;
  EXPECT_NE(tampered.body.find("XAmzContentSHA256Mismatch"), std::string::npos) << tampered.body;
}

TEST_F(TestingHelpersTest, PresignedUrlsAreAcceptedUntilTheyExpire) {
  const testing::Endpoint& e = endpoint();
  std::string url = testing::presign_url(e, "PUT", "/helpers/presigned", std::chrono::minutes(1));
  ASSERT_EQ(url.rfind(e.url, 0), 0u);
  std::string target = url.substr(e.url.size());
  EXPECT_EQ(testing::http_request(e.port, "PUT", "/helpers", "",
                                  as_map(testing::sign_request(e, {"PUT", "/helpers"})))
                .status,
            200);
  EXPECT_EQ(testing::http_request(e.port, "PUT", target, "via url").status, 200);
  sandbox().server().set_clock_offset(std::chrono::minutes(2));
  auto expired = testing::http_request(e.port, "PUT", target, "via url");
  sandbox().server().set_clock_offset(std::chrono::seconds(0));
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.body.find("Request has expired"), std::string::npos) << expired.body;
}

TEST(ServerLogLevelTest, StartAppliesTheConfiguredLevel) {
  const core::LogLevel before = core::log_level();
  ServerConfig config = testing::test_config();
  config.log_level = core::LogLevel::kError;
  {
    Server server(config);
    server.start();
    EXPECT_EQ(core::log_level(), core::LogLevel::kError);
    EXPECT_FALSE(core::log_enabled(core::LogLevel::kInfo));
  }
  config.log_level = core::LogLevel::kDebug;
  {
    Server server(config);
    server.start();
    EXPECT_EQ(core::log_level(), core::LogLevel::kDebug);
  }
  core::set_log_level(before);
}

}  // namespace
}  // namespace s3sandbox

namespace s3sandbox {
namespace {

class JournalApiOfServerTest : public testing::SandboxTest {};

TEST_F(JournalApiOfServerTest, RequestsWaitForRequestAndClear) {
  const testing::Endpoint& e = endpoint();
  Server& server = sandbox().server();
  server.clear_requests();
  std::thread uploader([&e] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    testing::RequestToSign create("PUT", "/journal-cpp");
    testing::http_request(e.port, "PUT", "/journal-cpp", "",
                          as_map(testing::sign_request(e, create)));
  });
  control::JournalFilter filter;
  filter.bucket = "journal-cpp";
  filter.operation = "CreateBucket";
  const auto found = server.wait_for_request(filter, std::chrono::seconds(10));
  uploader.join();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].status, 200);
  EXPECT_EQ(found[0].auth_kind, "sigv4-header");
  EXPECT_EQ(found[0].access_key, "s3sandbox");
  EXPECT_EQ(server.requests(filter).size(), 1u);
  server.clear_requests();
  EXPECT_TRUE(server.requests(filter).empty());
  EXPECT_TRUE(server.wait_for_request(filter, std::chrono::milliseconds(50)).empty());
}

TEST(JournalOffTest, TheJournalMethodsSayItIsOff) {
  ServerConfig config;
  config.journal_size = 0;
  config.log_level = core::LogLevel::kError;
  Server server(config);
  server.start();
  EXPECT_THROW(server.requests(), std::logic_error);
  server.stop();
}

}  // namespace
}  // namespace s3sandbox
