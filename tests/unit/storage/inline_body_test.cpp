// Small bodies kept in the index (SqliteOptions::inline_limit): no data file is ever created for
// them, they read back byte for byte (also after a restart, an overwrite or from a reader opened
// before one), and every way a body goes (overwrite, delete, a completed upload over it) removes
// its row of `bodies` in the same transaction. Also the migration of a version 3 data dir.
#include <sqlite3.h>

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "storage/object_row.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

constexpr std::size_t kLimit = 16 * 1024;

class InlineBodyTest : public StorageTest {
 protected:
  InlineBodyTest() { inline_limit_ = kLimit; }
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  // Rows of `bodies`, read by a second connection (WAL: it sees every committed write).
  int body_rows() const { return count("SELECT COUNT(*) FROM bodies"); }

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

  void exec(const char* sql) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }
};

TEST_F(InlineBodyTest, SmallBodyIsReadBackFromTheIndexWithoutAnyDataFile) {
  auto put_result = put("b", "k", "hello world");
  ASSERT_TRUE(put_result);
  EXPECT_EQ(put_result->etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
  EXPECT_EQ(put_result->size, 11u);
  EXPECT_TRUE(data_files().empty());
  EXPECT_TRUE(staging_files().empty());
  EXPECT_EQ(body_rows(), 1);

  auto r = backend_->open_object("b", "k");
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->bytes);
  EXPECT_FALSE(r->fd);
  EXPECT_EQ(*r->bytes, "hello world");
  EXPECT_EQ(r->meta.etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
  char two[2];
  EXPECT_EQ(r->read_at(two, 2, 9), 2);
  EXPECT_EQ(std::string(two, 2), "ld");
  EXPECT_EQ(r->read_at(two, 2, 11), 0);  // past the end
}

TEST_F(InlineBodyTest, TheLimitItselfIsInlineAndOneByteMoreIsAFile) {
  const std::string at(kLimit, 'a');
  const std::string over(kLimit + 1, 'o');
  ASSERT_TRUE(put("b", "at", at));
  EXPECT_TRUE(data_files().empty());
  ASSERT_TRUE(put("b", "over", over));
  EXPECT_EQ(data_files().size(), 1u);
  EXPECT_EQ(read("b", "at"), at);
  EXPECT_EQ(read("b", "over"), over);
  auto r = backend_->open_object("b", "over");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->fd);
  EXPECT_FALSE(r->bytes);
}

TEST_F(InlineBodyTest, EmptyBodyIsInline) {
  auto put_result = put("b", "empty", "");
  ASSERT_TRUE(put_result);
  EXPECT_EQ(put_result->etag, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_TRUE(data_files().empty());
  EXPECT_EQ(read("b", "empty"), "");
}

TEST_F(InlineBodyTest, BodyWrittenInManySmallPiecesIsExact) {
  std::string body;
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  for (int i = 0; i < 1000; ++i) {
    std::string piece = std::to_string(i) + ",";
    body += piece;
    ASSERT_TRUE((*staged)->write(std::span<const char>(piece.data(), piece.size())));
  }
  ObjectMeta meta;
  meta.bucket = "b";
  meta.key = "pieces";
  meta.etag = md5_hex(body);
  auto c = backend_->commit_object(std::move(*staged), std::move(meta), {});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->etag, crypto::hex_encode(crypto::md5(body)));
  EXPECT_EQ(read("b", "pieces"), body);
  EXPECT_TRUE(data_files().empty());
}

TEST_F(InlineBodyTest, OverwritesMoveBetweenFileAndIndexLeavingNothingBehind) {
  const std::string big(kLimit * 2, 'B');
  ASSERT_TRUE(put("b", "k", big));
  EXPECT_EQ(data_files().size(), 1u);
  EXPECT_EQ(body_rows(), 0);

  ASSERT_TRUE(put("b", "k", "small"));
  EXPECT_TRUE(data_files().empty());  // the replaced file is unlinked
  EXPECT_EQ(body_rows(), 1);
  EXPECT_EQ(read("b", "k"), "small");

  ASSERT_TRUE(put("b", "k", "smaller"));
  EXPECT_EQ(body_rows(), 1);  // the replaced body row went with the commit
  EXPECT_EQ(read("b", "k"), "smaller");

  ASSERT_TRUE(put("b", "k", big));
  EXPECT_EQ(data_files().size(), 1u);
  EXPECT_EQ(body_rows(), 0);
  EXPECT_EQ(read("b", "k"), big);
}

TEST_F(InlineBodyTest, ARecentlyReadKeyReadsItsNewBodyAfterAnOverwrite) {
  ASSERT_TRUE(put("b", "k", "version 1"));
  EXPECT_EQ(read("b", "k"), "version 1");
  EXPECT_EQ(read("b", "k"), "version 1");  // now from the row cache
  ASSERT_TRUE(put("b", "k", "version 2"));
  EXPECT_EQ(read("b", "k"), "version 2");
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  EXPECT_EQ(read("b", "k"), "<NoSuchKey>");
}

TEST_F(InlineBodyTest, HeadBeforeGetStillGivesTheBody) {
  ASSERT_TRUE(put("b", "k", "body"));
  auto h = backend_->head_object("b", "k");  // caches the row without its body
  ASSERT_TRUE(h);
  EXPECT_EQ(h->size, 4u);
  EXPECT_EQ(read("b", "k"), "body");
}

TEST_F(InlineBodyTest, ASmallOverwriteRewritesTheBodyRowInPlaceAndReadsTheNewBytes) {
  ASSERT_TRUE(put("b", "k", "version 1"));
  const int id_before = count("SELECT id FROM bodies");
  ASSERT_TRUE(backend_->head_object("b", "k"));  // a cached row naming that body row
  ASSERT_TRUE(put("b", "k", "version 2, longer"));
  EXPECT_EQ(count("SELECT id FROM bodies"), id_before);  // the same row, rewritten
  EXPECT_EQ(body_rows(), 1);
  EXPECT_EQ(read("b", "k"), "version 2, longer");
}

TEST_F(InlineBodyTest, AReaderOpenedBeforeAnOverwriteOrDeleteKeepsTheOldBytes) {
  ASSERT_TRUE(put("b", "k", "version 1"));
  auto reader = backend_->open_object("b", "k");
  ASSERT_TRUE(reader);
  ASSERT_TRUE(put("b", "k", "version 2"));
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  EXPECT_EQ(read_body(*reader), "version 1");
}

TEST_F(InlineBodyTest, DeleteRemovesTheBodyRow) {
  ASSERT_TRUE(put("b", "k", "bytes"));
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  EXPECT_EQ(body_rows(), 0);
  EXPECT_EQ(read("b", "k"), "<NoSuchKey>");
}

TEST_F(InlineBodyTest, WriteConditionsHoldForInlineBodies) {
  ASSERT_TRUE(put("b", "k", "first"));
  WriteCondition none_match;
  none_match.if_none_match_any = true;
  auto refused = put("b", "k", "second", none_match);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPreconditionFailed);
  EXPECT_EQ(body_rows(), 1);  // the refused body never stayed
  EXPECT_EQ(read("b", "k"), "first");
}

TEST_F(InlineBodyTest, AMissingOrTruncatedBodyRowIsAnInternalErrorNotAWrongBody) {
  ASSERT_TRUE(put("b", "gone", "bytes"));
  ASSERT_TRUE(put("b", "short", "all of it"));
  backend_.reset();
  exec(
      "DELETE FROM bodies WHERE id = (SELECT body_id FROM objects WHERE key = CAST('gone' AS "
      "BLOB));"
      "UPDATE bodies SET bytes = CAST('all' AS BLOB) "
      "WHERE id = (SELECT body_id FROM objects WHERE key = CAST('short' AS BLOB));");
  open();
  EXPECT_EQ(read("b", "gone"), "<InternalError>");
  EXPECT_EQ(read("b", "short"), "<InternalError>");
}

TEST_F(InlineBodyTest, BodiesSurviveAReopen) {
  ASSERT_TRUE(put("b", "k", "persistent"));
  reopen();
  EXPECT_EQ(read("b", "k"), "persistent");
  EXPECT_EQ(body_rows(), 1);
}

TEST_F(InlineBodyTest, ACompletedUploadOverAnInlineObjectRemovesItsBody) {
  ASSERT_TRUE(put("b", "k", "small"));
  MultipartUpload u;
  u.bucket = "b";
  u.key = "k";
  auto created = backend_->create_upload(u);
  ASSERT_TRUE(created);
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  ASSERT_TRUE((*staged)->write(std::span<const char>("part", 4)));
  PartInfo part;
  part.number = 1;
  part.etag = md5_hex("part");
  ASSERT_TRUE(backend_->commit_part("b", "k", created->upload_id, std::move(*staged), part));
  EXPECT_EQ(data_files().size(), 1u);  // parts are always files, however small
  ObjectMeta meta;
  meta.etag = "0123456789abcdef0123456789abcdef-1";
  ASSERT_TRUE(backend_->complete_upload("b", "k", created->upload_id, {1}, meta, {}));
  EXPECT_EQ(body_rows(), 0);
  EXPECT_EQ(data_files().size(), 1u);  // the assembled object
  EXPECT_EQ(read("b", "k"), "part");
}

TEST_F(InlineBodyTest, AVersionThreeDataDirGetsTheColumnAndKeepsItsObjects) {
  inline_limit_ = 0;
  reopen();
  ASSERT_TRUE(put("b", "old", "a file of version 3"));
  backend_.reset();
  // What version 3 had: no body_id column, no bodies table (and no tags columns).
  exec(
      "ALTER TABLE objects DROP COLUMN body_id; DROP TABLE bodies;"
      " ALTER TABLE objects DROP COLUMN tags; ALTER TABLE uploads DROP COLUMN tags;"
      " PRAGMA user_version = 3;");
  EXPECT_EQ(count("SELECT COUNT(*) FROM pragma_table_info('objects') WHERE name = 'body_id'"), 0);

  inline_limit_ = kLimit;
  open();
  EXPECT_EQ(read("b", "old"), "a file of version 3");
  ASSERT_TRUE(put("b", "new", "inline"));
  EXPECT_EQ(read("b", "new"), "inline");
  EXPECT_EQ(body_rows(), 1);
  EXPECT_EQ(count("PRAGMA user_version"), kSchemaVersion);
  reopen();  // a current dir opens as it is
  EXPECT_EQ(read("b", "new"), "inline");
}

}  // namespace
}  // namespace s3sandbox::storage::testing
