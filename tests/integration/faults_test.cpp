// Fault injection through s3sandbox::Server: rules from the config (--fault), the C++ methods,
// and their effect on real HTTP requests.
#include <gtest/gtest.h>

#include <stdexcept>

#include "http_client.hpp"
#include "s3sandbox/server.hpp"

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
