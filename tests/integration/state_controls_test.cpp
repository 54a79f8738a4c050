// The state and clock controls as s3sandbox::Server methods (the same as the /_sandbox/ API).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "http_client.hpp"
#include "s3sandbox/server.hpp"

namespace s3sandbox {
namespace {

using testing::http_request;

ServerConfig open_config() {
  ServerConfig cfg;
  cfg.auth_mode = auth::AuthMode::kOff;
  cfg.log_level = core::LogLevel::kError;
  return cfg;
}

TEST(StateControlsTest, SaveMutateRestoreResetThroughServerMethods) {
  Server server(open_config());
  server.start();
  ASSERT_EQ(http_request(server.port(), "PUT", "/photos").status, 200);
  ASSERT_EQ(http_request(server.port(), "PUT", "/photos/a.txt", "alpha").status, 200);
  const storage::SnapshotInfo saved = server.save_snapshot("baseline");
  EXPECT_EQ(saved.objects, 1u);
  EXPECT_EQ(saved.bytes, 5u);

  ASSERT_EQ(http_request(server.port(), "PUT", "/photos/a.txt", "changed").status, 200);
  server.restore_snapshot("baseline");
  EXPECT_EQ(http_request(server.port(), "GET", "/photos/a.txt").body, "alpha");

  server.reset("photos");
  EXPECT_EQ(http_request(server.port(), "GET", "/photos/a.txt").status, 404);
  EXPECT_EQ(http_request(server.port(), "HEAD", "/photos").status, 200);  // the bucket stays
  server.reset();
  EXPECT_EQ(http_request(server.port(), "HEAD", "/photos").status, 404);

  ASSERT_EQ(server.list_snapshots().size(), 1u);
  server.delete_snapshot("baseline");
  EXPECT_TRUE(server.list_snapshots().empty());
  EXPECT_THROW(server.restore_snapshot("baseline"), std::runtime_error);
  EXPECT_THROW(server.save_snapshot("../escape"), std::runtime_error);
}

TEST(StateControlsTest, ResetReimportsFixtures) {
  const auto dir = std::filesystem::temp_directory_path() / "s3sandbox-state-fixtures";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "assets");
  std::ofstream(dir / "assets" / "logo.txt") << "original";
  ServerConfig cfg = open_config();
  cfg.fixtures_dir = dir.string();
  Server server(cfg);
  server.start();
  ASSERT_EQ(http_request(server.port(), "PUT", "/assets/logo.txt", "edited").status, 200);
  EXPECT_EQ(server.reset("assets", true), 1u);
  EXPECT_EQ(http_request(server.port(), "GET", "/assets/logo.txt").body, "original");
  server.stop();
  std::filesystem::remove_all(dir);
}

TEST(StateControlsTest, ClockFreezeAdvanceUnfreeze) {
  ServerConfig cfg = open_config();
  cfg.clock_freeze = core::TimePoint(std::chrono::seconds(1900000000));
  Server server(cfg);
  server.start();
  EXPECT_EQ(server.clock_now(), core::TimePoint(std::chrono::seconds(1900000000)));
  server.advance_clock(std::chrono::seconds(90));
  EXPECT_EQ(server.clock_now(), core::TimePoint(std::chrono::seconds(1900000090)));
  auto r = http_request(server.port(), "GET", "/_sandbox/clock");
  EXPECT_NE(r.body.find("\"frozen\":true"), std::string::npos) << r.body;
  server.unfreeze_clock();
  EXPECT_GE(server.clock_now(), core::TimePoint(std::chrono::seconds(1900000090)));
  server.set_clock_offset(std::chrono::seconds(0));
  EXPECT_EQ(server.clock_offset(), std::chrono::seconds(0));
  server.freeze_clock();
  const auto frozen = server.clock_now();
  EXPECT_EQ(server.clock_now(), frozen);
}

}  // namespace
}  // namespace s3sandbox
