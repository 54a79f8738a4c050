// The bucket CORS configuration in storage: put replaces, get returns what was put (or nothing),
// delete is idempotent, everything goes with the bucket and survives a restart, and a data dir
// written before CORS support (schema version 2) opens and gains the table.
#include <sqlite3.h>

#include "storage/object_row.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using core::ErrorCode;
using BucketCorsTest = StorageTest;

std::vector<CorsRule> two_rules() {
  return {{"site",
           {"https://example.com", "https://*.example.com"},
           {"GET", "PUT"},
           {"x-amz-*"},
           {"ETag"},
           3000},
          {"", {"*"}, {"HEAD"}, {}, {}, std::nullopt}};
}

TEST_F(BucketCorsTest, BucketWithoutConfigurationHasNone) {
  make_bucket("b");
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
}

TEST_F(BucketCorsTest, GetReturnsTheRulesPut) {
  make_bucket("b");
  ASSERT_TRUE(backend_->put_bucket_cors("b", two_rules()));
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ(**r, two_rules());
}

TEST_F(BucketCorsTest, PutReplacesThePreviousConfiguration) {
  make_bucket("b");
  ASSERT_TRUE(backend_->put_bucket_cors("b", two_rules()));
  std::vector<CorsRule> one{{"", {"*"}, {"GET"}, {}, {}, 0}};
  ASSERT_TRUE(backend_->put_bucket_cors("b", one));
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ(**r, one);
}

TEST_F(BucketCorsTest, DeleteRemovesTheConfiguration) {
  make_bucket("b");
  ASSERT_TRUE(backend_->put_bucket_cors("b", two_rules()));
  ASSERT_TRUE(backend_->delete_bucket_cors("b"));
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
}

TEST_F(BucketCorsTest, DeleteWithoutConfigurationSucceeds) {
  make_bucket("b");
  EXPECT_TRUE(backend_->delete_bucket_cors("b"));
}

TEST_F(BucketCorsTest, MissingBucketIsNoSuchBucket) {
  auto got = backend_->get_bucket_cors("nope");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNoSuchBucket);
  auto put = backend_->put_bucket_cors("nope", two_rules());
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kNoSuchBucket);
  auto del = backend_->delete_bucket_cors("nope");
  ASSERT_FALSE(del);
  EXPECT_EQ(del.error().code, ErrorCode::kNoSuchBucket);
}

TEST_F(BucketCorsTest, ConfigurationIsPerBucket) {
  make_bucket("a");
  make_bucket("b");
  ASSERT_TRUE(backend_->put_bucket_cors("a", two_rules()));
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
}

TEST_F(BucketCorsTest, ConfigurationGoesWithTheBucket) {
  make_bucket("b");
  ASSERT_TRUE(backend_->put_bucket_cors("b", two_rules()));
  ASSERT_TRUE(backend_->delete_bucket("b"));
  make_bucket("b");
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
}

TEST_F(BucketCorsTest, ConfigurationSurvivesRestart) {
  make_bucket("b");
  ASSERT_TRUE(backend_->put_bucket_cors("b", two_rules()));
  reopen();
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r && r->has_value());
  EXPECT_EQ(**r, two_rules());
}

int user_version(const std::filesystem::path& db_file) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
  int version = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return version;
}

// Data dirs written before CORS support (schema version 2) must open and gain the table.
TEST_F(BucketCorsTest, SchemaVersionTwoDataDirIsMigrated) {
  make_bucket("b");
  ASSERT_TRUE(put("b", "kept", "bytes"));
  backend_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
  // What version 2 had: no bucket_cors, bodies, body_id or tags.
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE bucket_cors; DROP TABLE bodies;"
                         " ALTER TABLE objects DROP COLUMN body_id;"
                         " ALTER TABLE objects DROP COLUMN tags;"
                         " ALTER TABLE uploads DROP COLUMN tags; PRAGMA user_version = 2;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  open();
  EXPECT_EQ(read("b", "kept"), "bytes");
  ASSERT_TRUE(backend_->put_bucket_cors("b", two_rules()));
  auto r = backend_->get_bucket_cors("b");
  ASSERT_TRUE(r && r->has_value());
  backend_.reset();
  EXPECT_EQ(user_version(data_dir() / "meta.db"), kSchemaVersion);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
