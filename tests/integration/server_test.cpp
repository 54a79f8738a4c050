// The whole server in-process through s3sandbox::Server, on port 0, driven over real HTTP.
#include "s3sandbox/server.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "http_client.hpp"

namespace s3sandbox {
namespace {

using testing::http_request;

ServerConfig open_config() {
  ServerConfig cfg;  // 127.0.0.1:0, ephemeral
  cfg.auth_mode = auth::AuthMode::kOff;
  cfg.access_log = false;
  cfg.threads = 2;
  return cfg;
}

TEST(ServerTest, StartsOnAFreePortAndAnswersHealth) {
  Server server(open_config());
  server.start();
  ASSERT_NE(server.port(), 0);
  EXPECT_EQ(server.endpoint(), "http://127.0.0.1:" + std::to_string(server.port()));
  auto r = http_request(server.port(), "GET", "/_sandbox/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"data_dir_mode\":\"ephemeral\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"version\""), std::string::npos);
}

TEST(ServerTest, EphemeralDataDirIsRemovedAtStop) {
  Server server(open_config());
  server.start();
  std::string dir = server.data_dir();
  ASSERT_TRUE(std::filesystem::exists(dir));
  server.stop();
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(ServerTest, ObjectRoundTripOverHttp) {
  Server server(open_config());
  server.start();
  EXPECT_EQ(http_request(server.port(), "PUT", "/bucket-one").status, 200);
  auto put = http_request(server.port(), "PUT", "/bucket-one/dir/hello.txt", "hello world",
                          {{"Content-Type", "text/plain"}, {"x-amz-meta-owner", "me"}});
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.header("etag"), "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");
  auto get = http_request(server.port(), "GET", "/bucket-one/dir/hello.txt");
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "hello world");
  EXPECT_EQ(get.header("content-type"), "text/plain");
  EXPECT_EQ(get.header("x-amz-meta-owner"), "me");
  EXPECT_FALSE(get.header("x-amz-request-id").empty());
  EXPECT_FALSE(get.header("date").empty());
  EXPECT_FALSE(get.header("server").empty());
  auto head = http_request(server.port(), "HEAD", "/bucket-one/dir/hello.txt");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "11");
  auto list = http_request(server.port(), "GET", "/bucket-one?list-type=2&delimiter=%2F");
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("<Prefix>dir/</Prefix>"), std::string::npos) << list.body;
  EXPECT_EQ(http_request(server.port(), "DELETE", "/bucket-one/dir/hello.txt").status, 204);
  auto missing = http_request(server.port(), "GET", "/bucket-one/dir/hello.txt");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("<Code>NoSuchKey</Code>"), std::string::npos);
  EXPECT_NE(missing.body.find("<Key>dir/hello.txt</Key>"), std::string::npos);
}

TEST(ServerTest, StrictModeRefusesAnonymousRequests) {
  ServerConfig cfg = open_config();
  cfg.auth_mode = auth::AuthMode::kStrict;
  Server server(cfg);
  server.start();
  auto r = http_request(server.port(), "GET", "/");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("<Code>AccessDenied</Code>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<RequestId>"), std::string::npos);
  EXPECT_EQ(r.header("content-type"), "application/xml");
}

TEST(ServerTest, PersistentDataSurvivesRestart) {
  auto dir = std::filesystem::temp_directory_path() / "s3sandbox-integration-persist";
  std::filesystem::remove_all(dir);
  ServerConfig cfg = open_config();
  cfg.ephemeral = false;
  cfg.data_dir = dir.string();
  {
    Server server(cfg);
    server.start();
    ASSERT_EQ(http_request(server.port(), "PUT", "/keep").status, 200);
    ASSERT_EQ(http_request(server.port(), "PUT", "/keep/k", "kept bytes").status, 200);
  }
  {
    Server server(cfg);
    server.start();
    auto get = http_request(server.port(), "GET", "/keep/k");
    EXPECT_EQ(get.status, 200);
    EXPECT_EQ(get.body, "kept bytes");
  }
  EXPECT_TRUE(std::filesystem::exists(dir));
  std::filesystem::remove_all(dir);
}

TEST(ServerTest, ClockOffsetIsControllableInProcessAndOverHttp) {
  Server server(open_config());
  server.start();
  server.set_clock_offset(std::chrono::hours(2));
  EXPECT_EQ(server.clock_offset(), std::chrono::hours(2));
  auto r = http_request(server.port(), "GET", "/_sandbox/clock");
  EXPECT_NE(r.body.find("\"offset_seconds\":7200"), std::string::npos) << r.body;
  auto put = http_request(server.port(), "PUT", "/_sandbox/clock?offset=-30m");
  EXPECT_EQ(put.status, 200);
  EXPECT_EQ(server.clock_offset(), std::chrono::minutes(-30));
}

TEST(ServerTest, StartFailsClearlyWhenThePortIsTaken) {
  Server first(open_config());
  first.start();
  ServerConfig cfg = open_config();
  cfg.listen_port = first.port();
  Server second(cfg);
  EXPECT_THROW(second.start(), std::runtime_error);
}

// Fault injection through the Server: rules from the config (--fault) and the C++ methods.
TEST(FaultsServerTest, ConfigRulesAndMethods) {
  ServerConfig cfg = open_config();
  cfg.faults = {"operation=CreateBucket,times=1,error=SlowDown"};
  Server server(cfg);
  server.start();
  ASSERT_EQ(server.faults().size(), 1u);
  const auto refused = http_request(server.port(), "PUT", "/bkt");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.header("x-s3sandbox-fault"),
            "#1 operation=CreateBucket,error=SlowDown,times=1");
  EXPECT_EQ(http_request(server.port(), "PUT", "/bkt").status, 200);

  const auto rule = server.add_fault("operation=GetObject,key=a*,error=InternalError");
  http_request(server.port(), "PUT", "/bkt/abc", "abc");
  EXPECT_EQ(http_request(server.port(), "GET", "/bkt/abc").status, 500);
  EXPECT_EQ(server.faults().back().hits, 1u);
  EXPECT_TRUE(server.remove_fault(rule.id));
  EXPECT_EQ(http_request(server.port(), "GET", "/bkt/abc").body, "abc");

  EXPECT_THROW(server.add_fault("operation=GetObject"), std::invalid_argument);
  server.add_fault("delay=1ms");
  EXPECT_EQ(server.clear_faults(), 2u);
  EXPECT_TRUE(server.faults().empty());
}

TEST(FaultsServerTest, ABadConfigRuleStopsTheStart) {
  ServerConfig cfg = open_config();
  cfg.faults = {"operation=PutObject,error=NoSuchCode"};
  Server server(cfg);
  try {
    server.start();
    FAIL() << "started with a bad rule";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--fault 'operation=PutObject,error=NoSuchCode'"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace s3sandbox
