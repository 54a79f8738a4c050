// Object tags in storage: stored with the object by commit_object and complete_upload (from the
// upload), replaced by put_object_tags without touching the rest of the object, dropped with it,
// returned by head/open (and the row cache), left out of listings; and the migration of a
// version 4 data dir, which had no tags columns.
#include <sqlite3.h>

#include "storage/object_row.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using Tags = std::vector<std::pair<std::string, std::string>>;
using core::ErrorCode;

class ObjectTagsTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  core::Result<ObjectMeta> put_tagged(const std::string& key, std::string_view body, Tags tags) {
    ObjectMeta meta;
    meta.tags = std::move(tags);
    return put("b", key, body, {}, std::move(meta));
  }

  Tags head_tags(const std::string& key) {
    auto head = backend_->head_object("b", key);
    EXPECT_TRUE(head) << head.error().info().code;
    return head ? head->tags : Tags{{"<error>", ""}};
  }

  Tags open_tags(const std::string& key) {
    auto reader = backend_->open_object("b", key);
    EXPECT_TRUE(reader) << reader.error().info().code;
    return reader ? reader->meta.tags : Tags{{"<error>", ""}};
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

  int count(const char* sql) const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    int n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
      n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return n;
  }

  // Keys and values in an order that is not sorted, with bytes JSON must escape.
  static Tags sample() {
    return {{"zeta", "last?"}, {"alpha", "a \"quoted\" value"}, {"empty", ""}, {"ünï", "c\\d"}};
  }
};

TEST_F(ObjectTagsTest, TagsRoundTripInTheOrderGivenAndSurviveARestart) {
  auto put_result = put_tagged("k", "body", sample());
  ASSERT_TRUE(put_result);
  EXPECT_EQ(put_result->tags, sample());
  EXPECT_EQ(head_tags("k"), sample());
  EXPECT_EQ(head_tags("k"), sample());  // now from the row cache
  EXPECT_EQ(open_tags("k"), sample());
  reopen();
  EXPECT_EQ(head_tags("k"), sample());
  EXPECT_EQ(open_tags("k"), sample());
}

TEST_F(ObjectTagsTest, SmallBodiesKeptInTheIndexCarryTheirTags) {
  inline_limit_ = 16 * 1024;
  reopen();
  ASSERT_TRUE(put_tagged("small", "tiny", sample()));
  EXPECT_TRUE(data_files().empty());
  EXPECT_EQ(open_tags("small"), sample());  // the row-and-body read
  EXPECT_EQ(open_tags("small"), sample());  // the cached row with its body
  EXPECT_EQ(read("b", "small"), "tiny");
}

TEST_F(ObjectTagsTest, AnObjectWithoutTagsHasNone) {
  ASSERT_TRUE(put("b", "k", "body"));
  EXPECT_TRUE(head_tags("k").empty());
}

TEST_F(ObjectTagsTest, AnOverwriteCarriesOnlyTheNewMetasTags) {
  ASSERT_TRUE(put_tagged("k", "one", sample()));
  ASSERT_TRUE(put_tagged("k", "two", {{"new", "set"}}));
  EXPECT_EQ(head_tags("k"), (Tags{{"new", "set"}}));
  ASSERT_TRUE(put("b", "k", "three"));
  EXPECT_TRUE(head_tags("k").empty());
  EXPECT_TRUE(open_tags("k").empty());
}

TEST_F(ObjectTagsTest, DeletingTheObjectDropsItsTags) {
  ASSERT_TRUE(put_tagged("k", "one", sample()));
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  auto gone = backend_->head_object("b", "k");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNoSuchKey);
  ASSERT_TRUE(put("b", "k", "again"));
  EXPECT_TRUE(head_tags("k").empty());
}

TEST_F(ObjectTagsTest, PutObjectTagsReplacesTheSetAndKeepsEtagSizeAndLastModified) {
  auto put_result = put_tagged("k", "body", sample());
  ASSERT_TRUE(put_result);
  EXPECT_EQ(head_tags("k"), sample());  // cached: the update must make this row stale
  clock_.advance(std::chrono::hours(1));

  auto updated = backend_->put_object_tags("b", "k", {{"only", "this"}});
  ASSERT_TRUE(updated) << updated.error().info().code;
  EXPECT_EQ(updated->tags, (Tags{{"only", "this"}}));
  EXPECT_EQ(updated->etag, put_result->etag);
  EXPECT_EQ(updated->size, 4u);
  EXPECT_EQ(updated->last_modified, put_result->last_modified);

  auto head = backend_->head_object("b", "k");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->tags, (Tags{{"only", "this"}}));
  EXPECT_EQ(head->etag, put_result->etag);
  EXPECT_EQ(head->last_modified, put_result->last_modified);
  EXPECT_EQ(read("b", "k"), "body");
  EXPECT_EQ(open_tags("k"), (Tags{{"only", "this"}}));
  reopen();
  EXPECT_EQ(head_tags("k"), (Tags{{"only", "this"}}));
}

TEST_F(ObjectTagsTest, PutObjectTagsWithNoTagsDeletesThemAll) {
  ASSERT_TRUE(put_tagged("k", "body", sample()));
  auto updated = backend_->put_object_tags("b", "k", {});
  ASSERT_TRUE(updated);
  EXPECT_TRUE(updated->tags.empty());
  EXPECT_TRUE(head_tags("k").empty());
}

TEST_F(ObjectTagsTest, PutObjectTagsOnAMissingKeyOrBucketIsWhatHeadSays) {
  auto no_key = backend_->put_object_tags("b", "missing", {{"a", "b"}});
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().code, ErrorCode::kNoSuchKey);
  auto no_bucket = backend_->put_object_tags("nope", "k", {{"a", "b"}});
  ASSERT_FALSE(no_bucket);
  EXPECT_EQ(no_bucket.error().code, ErrorCode::kNoSuchBucket);
  // Nothing was created by the refused calls.
  EXPECT_EQ(backend_->head_object("b", "missing").error().code, ErrorCode::kNoSuchKey);
}

TEST_F(ObjectTagsTest, ListingLeavesTagsOut) {
  ASSERT_TRUE(put_tagged("a", "1", sample()));
  ASSERT_TRUE(put_tagged("b", "2", {{"x", "y"}}));
  auto page = backend_->list_objects("b", query("", "", "", 1000));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->objects.size(), 2u);
  for (const ObjectMeta& m : page->objects) EXPECT_TRUE(m.tags.empty()) << m.key;
}

TEST_F(ObjectTagsTest, AMultipartUploadsTagsBecomeTheObjectsAtCompletion) {
  MultipartUpload u;
  u.bucket = "b";
  u.key = "k";
  u.meta.tags = sample();
  auto created = backend_->create_upload(u);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->meta.tags, sample());
  reopen();  // the tags are stored with the upload, not held in memory
  auto got = backend_->get_upload("b", "k", created->upload_id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->meta.tags, sample());

  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  ASSERT_TRUE((*staged)->write(std::span<const char>("part", 4)));
  PartInfo part;
  part.number = 1;
  part.etag = md5_hex("part");
  ASSERT_TRUE(backend_->commit_part("b", "k", created->upload_id, std::move(*staged), part));
  ObjectMeta meta;
  meta.etag = "0123456789abcdef0123456789abcdef-1";
  meta.tags = {{"ignored", "the upload's tags win"}};
  auto completed = backend_->complete_upload("b", "k", created->upload_id, {1}, meta, {});
  ASSERT_TRUE(completed) << completed.error().info().code;
  EXPECT_EQ(completed->tags, sample());
  EXPECT_EQ(head_tags("k"), sample());
  EXPECT_EQ(read("b", "k"), "part");
}

TEST_F(ObjectTagsTest, AVersionFourDataDirGainsTheTagsColumnsAndKeepsItsData) {
  ASSERT_TRUE(put("b", "old", "a file of version 4"));
  MultipartUpload u;
  u.bucket = "b";
  u.key = "pending";
  auto created = backend_->create_upload(u);
  ASSERT_TRUE(created);
  backend_.reset();
  // What version 4 had: everything but the tags columns.
  exec(
      "ALTER TABLE objects DROP COLUMN tags; ALTER TABLE uploads DROP COLUMN tags;"
      " PRAGMA user_version = 4;");
  ASSERT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('objects') WHERE name = 'tags'"), 0);

  open();
  EXPECT_EQ(count("PRAGMA user_version"), kSchemaVersion);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('objects') WHERE name = 'tags'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('uploads') WHERE name = 'tags'"), 1);
  EXPECT_EQ(read("b", "old"), "a file of version 4");
  EXPECT_TRUE(head_tags("old").empty());
  auto updated = backend_->put_object_tags("b", "old", {{"now", "tagged"}});
  ASSERT_TRUE(updated);
  EXPECT_EQ(head_tags("old"), (Tags{{"now", "tagged"}}));
  auto upload = backend_->get_upload("b", "pending", created->upload_id);
  ASSERT_TRUE(upload);
  EXPECT_TRUE(upload->meta.tags.empty());
  ASSERT_TRUE(put_tagged("new", "x", sample()));
  reopen();  // a current dir opens as it is
  EXPECT_EQ(head_tags("new"), sample());
  EXPECT_EQ(head_tags("old"), (Tags{{"now", "tagged"}}));
}

}  // namespace
}  // namespace s3sandbox::storage::testing
