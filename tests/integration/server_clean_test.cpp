// Server::clean, the C++ face of POST /_sandbox/clean: the data reset or a snapshot restored,
// the clock real, no fault rule, the journal and the events empty.
#include <gtest/gtest.h>

#include "http_client.hpp"
#include "s3sandbox/server.hpp"

namespace s3sandbox {
namespace {

using testing::http_request;

TEST(ServerCleanTest, CleansEverythingOrRestoresASnapshot) {
  ServerConfig cfg;
  cfg.auth_mode = auth::AuthMode::kOff;
  cfg.log_level = core::LogLevel::kError;
  Server server(cfg);
  EXPECT_THROW(server.clean(), std::runtime_error);  // not started
  server.start();
  ASSERT_EQ(http_request(server.port(), "PUT", "/photos").status, 200);
  ASSERT_EQ(http_request(server.port(), "PUT", "/photos/a.txt", "alpha").status, 200);
  server.save_snapshot("baseline");
  ASSERT_EQ(http_request(server.port(), "PUT", "/photos/b.txt", "beta").status, 200);
  server.set_clock_offset(std::chrono::minutes(5));
  server.freeze_clock();
  server.add_fault("operation=GetObject,error=SlowDown");
  ASSERT_FALSE(server.requests().empty());

  server.clean("baseline");
  EXPECT_EQ(server.clock_offset(), std::chrono::seconds(0));
  const auto off = server.clock_now() - std::chrono::system_clock::now();
  EXPECT_LT(std::chrono::abs(off), std::chrono::seconds(5));  // running again, at the real time
  EXPECT_TRUE(server.faults().empty());
  EXPECT_TRUE(server.requests().empty());
  EXPECT_TRUE(server.events().empty());
  EXPECT_EQ(http_request(server.port(), "GET", "/photos/a.txt").body, "alpha");
  EXPECT_EQ(http_request(server.port(), "GET", "/photos/b.txt").status, 404);

  server.add_fault("error=SlowDown");
  EXPECT_THROW(server.clean("missing"), std::runtime_error);
  EXPECT_EQ(server.faults().size(), 1u);  // a refused clean changes nothing
  server.clean();
  EXPECT_TRUE(server.faults().empty());
  EXPECT_EQ(http_request(server.port(), "HEAD", "/photos").status, 404);
  server.stop();
}

}  // namespace
}  // namespace s3sandbox
