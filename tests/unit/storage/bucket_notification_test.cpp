// The bucket notification configuration in storage: an opaque document, replaced whole, removed
// by an empty put, per bucket, gone with the bucket, kept across restarts, and a data dir written
// before it (schema version 5) gains the table in place.
#include <sqlite3.h>

#include "storage/object_row.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using BucketNotificationTest = StorageTest;

const std::string kDoc =
    "<NotificationConfiguration><QueueConfiguration/></NotificationConfiguration>";

std::string stored(Backend& b, const std::string& bucket) {
  auto r = b.get_bucket_notification(bucket);
  EXPECT_TRUE(r);
  return r ? *r : "<error>";
}

TEST_F(BucketNotificationTest, PutReplacesAndAnEmptyPutRemoves) {
  make_bucket("b");
  EXPECT_EQ(stored(*backend_, "b"), "");
  ASSERT_TRUE(backend_->put_bucket_notification("b", kDoc));
  EXPECT_EQ(stored(*backend_, "b"), kDoc);
  ASSERT_TRUE(backend_->put_bucket_notification("b", "<other/>"));
  EXPECT_EQ(stored(*backend_, "b"), "<other/>");
  ASSERT_TRUE(backend_->put_bucket_notification("b", ""));
  EXPECT_EQ(stored(*backend_, "b"), "");
}

TEST_F(BucketNotificationTest, MissingBucketIsNoSuchBucket) {
  auto got = backend_->get_bucket_notification("nope");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, core::ErrorCode::kNoSuchBucket);
  auto put = backend_->put_bucket_notification("nope", kDoc);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, core::ErrorCode::kNoSuchBucket);
}

TEST_F(BucketNotificationTest, PerBucketGoneWithTheBucketAndKeptAcrossRestarts) {
  make_bucket("a");
  make_bucket("b");
  ASSERT_TRUE(backend_->put_bucket_notification("a", kDoc));
  EXPECT_EQ(stored(*backend_, "b"), "");
  reopen();
  EXPECT_EQ(stored(*backend_, "a"), kDoc);
  ASSERT_TRUE(backend_->delete_bucket("a"));
  make_bucket("a");
  EXPECT_EQ(stored(*backend_, "a"), "");
}

TEST_F(BucketNotificationTest, SchemaVersionFiveDataDirGainsTheTable) {
  make_bucket("b");
  backend_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE bucket_notification; PRAGMA user_version = 5;", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  open();
  ASSERT_TRUE(backend_->put_bucket_notification("b", kDoc));
  EXPECT_EQ(stored(*backend_, "b"), kDoc);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
