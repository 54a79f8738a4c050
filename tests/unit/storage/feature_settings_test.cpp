// Feature settings in storage: an object's settings (ObjectMeta::settings) stored with the row,
// carried from an upload to the completed object, replaced by put_object_settings, dropped with
// the object; a bucket's documents (put_bucket_setting / get_bucket_settings), served from a
// cache that every write makes stale, gone with the bucket; and the migration of a version 6
// data dir, which had none of them.
#include <sqlite3.h>

#include "storage/object_row.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using Settings = std::map<std::string, std::string>;
using core::ErrorCode;

class FeatureSettingsTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  Settings head_settings(const std::string& key) {
    auto head = backend_->head_object("b", key);
    EXPECT_TRUE(head) << head.error().info().code;
    return head ? head->settings : Settings{{"<error>", ""}};
  }

  Settings bucket_settings(const std::string& bucket) {
    auto got = backend_->get_bucket_settings(bucket);
    EXPECT_TRUE(got) << got.error().info().code;
    return got ? **got : Settings{{"<error>", ""}};
  }

  void exec(const char* sql) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }

  static Settings sample() { return {{"acl", "{\"grants\":[]}"}, {"sse.algorithm", "AES256"}}; }
};

TEST_F(FeatureSettingsTest, ObjectSettingsRoundTripAndSurviveARestart) {
  ObjectMeta meta;
  meta.settings = sample();
  auto stored = put("b", "k", "body", {}, meta);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->settings, sample());
  EXPECT_EQ(head_settings("k"), sample());
  EXPECT_EQ(head_settings("k"), sample());  // the row cache
  reopen();
  EXPECT_EQ(head_settings("k"), sample());
  auto reader = backend_->open_object("b", "k");
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->meta.settings, sample());
}

TEST_F(FeatureSettingsTest, AnOverwriteOrADeleteDropsTheOldSettings) {
  ObjectMeta meta;
  meta.settings = sample();
  ASSERT_TRUE(put("b", "k", "one", {}, meta));
  ASSERT_TRUE(put("b", "k", "two"));
  EXPECT_TRUE(head_settings("k").empty());
  ASSERT_TRUE(put("b", "k", "three", {}, meta));
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  ASSERT_TRUE(put("b", "k", "four"));
  EXPECT_TRUE(head_settings("k").empty());
}

TEST_F(FeatureSettingsTest, PutObjectSettingsReplacesThemAndMakesCachedRowsStale) {
  ASSERT_TRUE(put("b", "k", "body"));
  EXPECT_TRUE(head_settings("k").empty());  // now cached
  auto updated = backend_->put_object_settings("b", "k", sample());
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->settings, sample());
  EXPECT_EQ(head_settings("k"), sample());
  EXPECT_EQ(read("b", "k"), "body");
  auto missing = backend_->put_object_settings("b", "nope", sample());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNoSuchKey);
}

TEST_F(FeatureSettingsTest, AnUploadsSettingsBecomeTheObjectsAtCompletion) {
  MultipartUpload u;
  u.bucket = "b";
  u.key = "k";
  u.meta.settings = sample();
  auto created = backend_->create_upload(u);
  ASSERT_TRUE(created);
  reopen();
  auto got = backend_->get_upload("b", "k", created->upload_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->meta.settings, sample());
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  ASSERT_TRUE((*staged)->write(std::span<const char>("part", 4)));
  PartInfo part;
  part.number = 1;
  part.etag = md5_hex("part");
  ASSERT_TRUE(backend_->commit_part("b", "k", created->upload_id, std::move(*staged), part));
  ObjectMeta meta;
  meta.etag = "0123456789abcdef0123456789abcdef-1";
  auto completed = backend_->complete_upload("b", "k", created->upload_id, {1}, meta, {});
  ASSERT_TRUE(completed) << completed.error().info().code;
  EXPECT_EQ(completed->settings, sample());
  EXPECT_EQ(head_settings("k"), sample());
}

TEST_F(FeatureSettingsTest, BucketDocumentsArePutReplacedRemovedAndGoneWithTheBucket) {
  EXPECT_TRUE(bucket_settings("b").empty());
  ASSERT_TRUE(backend_->put_bucket_setting("b", "policy", "{\"v\":1}"));
  ASSERT_TRUE(backend_->put_bucket_setting("b", "ownership", "ObjectWriter"));
  EXPECT_EQ(bucket_settings("b"),
            (Settings{{"ownership", "ObjectWriter"}, {"policy", "{\"v\":1}"}}));
  ASSERT_TRUE(backend_->put_bucket_setting("b", "policy", "{\"v\":2}"));
  EXPECT_EQ(bucket_settings("b").at("policy"), "{\"v\":2}");  // the cache was made stale
  ASSERT_TRUE(backend_->put_bucket_setting("b", "policy", ""));
  EXPECT_EQ(bucket_settings("b"), (Settings{{"ownership", "ObjectWriter"}}));
  reopen();
  EXPECT_EQ(bucket_settings("b"), (Settings{{"ownership", "ObjectWriter"}}));

  ASSERT_TRUE(backend_->delete_bucket("b"));
  auto gone = backend_->get_bucket_settings("b");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNoSuchBucket);
  auto refused = backend_->put_bucket_setting("b", "policy", "{}");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kNoSuchBucket);
  make_bucket("b");  // a new bucket of the same name starts with none
  EXPECT_TRUE(bucket_settings("b").empty());
}

TEST_F(FeatureSettingsTest, TheCachedMapIsSharedUntilAWrite) {
  ASSERT_TRUE(backend_->put_bucket_setting("b", "tagging", "x"));
  auto first = backend_->get_bucket_settings("b");
  auto second = backend_->get_bucket_settings("b");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->get(), second->get());
  ASSERT_TRUE(put("b", "k", "any write"));
  auto third = backend_->get_bucket_settings("b");
  ASSERT_TRUE(third);
  EXPECT_NE(first->get(), third->get());
  EXPECT_EQ(**third, (Settings{{"tagging", "x"}}));
}

TEST_F(FeatureSettingsTest, AVersionSixDataDirGainsTheSettingsAndKeepsItsData) {
  ASSERT_TRUE(put("b", "old", "a file of version 6"));
  backend_.reset();
  exec(
      "ALTER TABLE objects DROP COLUMN settings; ALTER TABLE uploads DROP COLUMN settings;"
      " DROP TABLE bucket_settings; PRAGMA user_version = 6;");
  open();
  EXPECT_EQ(read("b", "old"), "a file of version 6");
  EXPECT_TRUE(head_settings("old").empty());
  ASSERT_TRUE(backend_->put_object_settings("b", "old", sample()));
  EXPECT_EQ(head_settings("old"), sample());
  ASSERT_TRUE(backend_->put_bucket_setting("b", "policy", "{}"));
  EXPECT_EQ(bucket_settings("b"), (Settings{{"policy", "{}"}}));
}

}  // namespace
}  // namespace s3sandbox::storage::testing
