// Opening a data dir: what the start-up path leaves behind besides the schema (the space reserve,
// the journal mode, SQLite's process-wide settings).
#include <sqlite3.h>
#include <sys/stat.h>

#include "storage/layout.hpp"
#include "storage/object_row.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using StartupTest = StorageTest;

TEST_F(StartupTest, SpaceReserveHoldsItsBlocksOnDiskNotJustItsSize) {
  // A sparse file of the right size would give nothing back on a full volume.
  struct stat st {};
  ASSERT_EQ(::stat((data_dir() / "reserve").c_str(), &st), 0);
  EXPECT_GE(static_cast<std::uint64_t>(st.st_blocks) * 512, kReserveFileSize);
}

TEST_F(StartupTest, SpaceReserveIsReallocatedAfterBeingSpent) {
  backend_.reset();
  std::filesystem::resize_file(data_dir() / "reserve", 0);
  open();
  struct stat st {};
  ASSERT_EQ(::stat((data_dir() / "reserve").c_str(), &st), 0);
  EXPECT_EQ(static_cast<std::uint64_t>(st.st_size), kReserveFileSize);
  EXPECT_GE(static_cast<std::uint64_t>(st.st_blocks) * 512, kReserveFileSize);
}

TEST_F(StartupTest, NewDatabaseIsInWalModeWithTheSchemaVersionSet) {
  backend_.reset();  // the file is checked by a connection of its own
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2((data_dir() / "meta.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
            SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), kSchemaVersion);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

TEST_F(StartupTest, SqliteKeepsNoMemoryStatistics) {
  // The backend opened SQLite first in this process (SetUp), so its configuration took effect:
  // with statistics on, every sqlite3_malloc/free would take SQLite's global memory mutex.
  EXPECT_EQ(sqlite3_memory_used(), 0);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
