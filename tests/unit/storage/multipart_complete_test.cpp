// CompleteMultipartUpload in the storage layer: byte-exact assembly, what the stored object
// carries, write conditions, races with abort, crash leftovers and the schema migration.
#include <sqlite3.h>

#include <fstream>

#include "storage/object_row.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;

// Deterministic bytes that differ per part and per position (a misplaced chunk shows).
std::string pattern(std::size_t size, int seed) {
  std::string s(size, '\0');
  std::uint32_t x = 2463534242u + static_cast<std::uint32_t>(seed);
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return s;
}

void write_file(const std::filesystem::path& p, std::string_view content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

class MultipartCompleteTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  MultipartUpload create(const std::string& key, ContentHeaders content = {}) {
    MultipartUpload u;
    u.bucket = "b";
    u.key = key;
    u.meta.content = std::move(content);
    auto r = backend_->create_upload(std::move(u));
    EXPECT_TRUE(r) << r.error().info().code;
    return r ? *r : MultipartUpload{};
  }

  void put_part(const MultipartUpload& u, int number, const std::string& body) {
    auto staged = backend_->stage("b");
    ASSERT_TRUE(staged);
    // Written in 1 MiB pieces, as a request body would arrive.
    for (std::size_t off = 0; off < body.size(); off += kMiB) {
      std::size_t n = std::min(kMiB, body.size() - off);
      ASSERT_TRUE((*staged)->write(std::span<const char>(body.data() + off, n)));
    }
    PartInfo part;
    part.number = number;
    part.etag = md5_hex(body);
    auto r = backend_->commit_part("b", u.key, u.upload_id, std::move(*staged), part);
    ASSERT_TRUE(r) << r.error().info().code;
  }

  core::Result<ObjectMeta> complete(const MultipartUpload& u, const std::vector<int>& numbers,
                                    const WriteCondition& condition = {}) {
    ObjectMeta meta;
    meta.etag = "0123456789abcdef0123456789abcdef-" + std::to_string(numbers.size());
    meta.checksums = {{"CRC32", "AAAAAA==-2"}};
    meta.checksum_type = "COMPOSITE";
    return backend_->complete_upload("b", u.key, u.upload_id, numbers, meta, condition);
  }
};

TEST_F(MultipartCompleteTest, AssemblesThePartsByteExactInOrder) {
  MultipartUpload u = create("big");
  std::string p1 = pattern(5 * kMiB, 1), p2 = pattern(5 * kMiB + 3, 2), p3 = pattern(kMiB / 3, 3);
  put_part(u, 2, p2);  // uploaded out of order
  put_part(u, 1, p1);
  put_part(u, 3, p3);

  auto meta = complete(u, {1, 2, 3});
  ASSERT_TRUE(meta) << meta.error().info().code;
  std::string body = read("b", "big");
  EXPECT_EQ(body.size(), p1.size() + p2.size() + p3.size());
  EXPECT_TRUE(body == p1 + p2 + p3);
}

TEST_F(MultipartCompleteTest, StoredObjectCarriesSizesPartsAndTheCallersEtag) {
  ContentHeaders content;
  content.content_type = "text/csv";
  content.content_disposition = "attachment";
  MultipartUpload u = create("k", content);
  put_part(u, 1, pattern(1000, 1));
  put_part(u, 2, pattern(234, 2));

  auto meta = complete(u, {1, 2});
  ASSERT_TRUE(meta);
  auto head = backend_->head_object("b", "k");
  ASSERT_TRUE(head);
  for (const ObjectMeta& m : {*meta, *head}) {
    EXPECT_EQ(m.size, 1234u);
    EXPECT_EQ(m.parts_count, 2);
    EXPECT_EQ(m.part_sizes, (std::vector<std::uint64_t>{1000, 234}));
    EXPECT_EQ(m.etag, "0123456789abcdef0123456789abcdef-2");
    EXPECT_EQ(m.checksum_type, "COMPOSITE");
    EXPECT_EQ(m.checksums.at("CRC32"), "AAAAAA==-2");
    EXPECT_EQ(m.content.content_type, "text/csv");
    EXPECT_EQ(m.content.content_disposition, "attachment");
  }
}

// S3 dates an object made by multipart upload from CreateMultipartUpload, not completion.
TEST_F(MultipartCompleteTest, LastModifiedIsTheInitiationTime) {
  MultipartUpload u = create("k");
  put_part(u, 1, "x");
  clock_.advance(std::chrono::hours(2));
  auto meta = complete(u, {1});
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->last_modified, u.initiated);
  EXPECT_EQ(backend_->head_object("b", "k")->last_modified, u.initiated);
}

TEST_F(MultipartCompleteTest, CompletionRemovesTheUploadAndEveryPartFile) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  put_part(u, 2, "two");
  put_part(u, 3, "not listed");
  ASSERT_TRUE(complete(u, {1, 2}));

  EXPECT_EQ(read("b", "k"), "onetwo");
  EXPECT_EQ(data_files().size(), 1u);  // the object only
  EXPECT_TRUE(staging_files().empty());
  auto r = backend_->list_parts("b", "k", u.upload_id, 0, 1000);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
  auto uploads = backend_->list_uploads("b", {});
  ASSERT_TRUE(uploads);
  EXPECT_TRUE(uploads->uploads.empty());
}

TEST_F(MultipartCompleteTest, CompletingTwiceIsNoSuchUpload) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  ASSERT_TRUE(complete(u, {1}));
  auto r = complete(u, {1});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartCompleteTest, CompletingAnAbortedUploadIsNoSuchUpload) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  ASSERT_TRUE(backend_->abort_upload("b", "k", u.upload_id));
  auto r = complete(u, {1});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
  EXPECT_TRUE(data_files().empty());
}

TEST_F(MultipartCompleteTest, ListingAPartNeverUploadedIsInvalidPart) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  auto r = complete(u, {1, 2});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidPart);
  EXPECT_TRUE(backend_->get_upload("b", "k", u.upload_id));
  EXPECT_EQ(data_files().size(), 1u);
}

TEST_F(MultipartCompleteTest, IfNoneMatchOnAnExistingKeyIsPreconditionFailedAndKeepsTheUpload) {
  ASSERT_TRUE(put("b", "k", "existing"));
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  WriteCondition condition;
  condition.if_none_match_any = true;

  auto r = complete(u, {1}, condition);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kPreconditionFailed);
  EXPECT_EQ(read("b", "k"), "existing");
  EXPECT_TRUE(backend_->get_upload("b", "k", u.upload_id));
  auto parts = backend_->all_parts("b", "k", u.upload_id);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->size(), 1u);
  EXPECT_EQ(data_files().size(), 2u);  // the object and the part; no assembled leftover
  EXPECT_TRUE(staging_files().empty());
}

TEST_F(MultipartCompleteTest, IfNoneMatchOnAFreeKeySucceeds) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  WriteCondition condition;
  condition.if_none_match_any = true;
  EXPECT_TRUE(complete(u, {1}, condition));
}

TEST_F(MultipartCompleteTest, CompletionReplacesAnExistingObjectAndRemovesItsFile) {
  ASSERT_TRUE(put("b", "k", "old"));
  MultipartUpload u = create("k");
  put_part(u, 1, "new");
  ASSERT_TRUE(complete(u, {1}));
  EXPECT_EQ(read("b", "k"), "new");
  EXPECT_EQ(data_files().size(), 1u);
}

// A crash after the assembled file was renamed into data/ but before the transaction leaves an
// unreferenced data file beside an intact upload.
TEST_F(MultipartCompleteTest, AssembledButUncommittedFileIsRemovedAtOpenAndTheUploadKept) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  auto part_files = data_files();
  backend_.reset();
  write_file(data_dir() / "data" / "7f" / "7f00000000000000000000000000000a", "one");
  open();
  EXPECT_EQ(data_files(), part_files);
  auto parts = backend_->all_parts("b", "k", u.upload_id);
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->size(), 1u);
  ASSERT_TRUE(complete(u, {1}));
  EXPECT_EQ(read("b", "k"), "one");
}

// A crash after the completion's transaction but before the part files were unlinked.
TEST_F(MultipartCompleteTest, PartFilesOfACompletedUploadLeftByACrashAreRemovedAtOpen) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  auto part_files = data_files();
  ASSERT_TRUE(complete(u, {1}));
  auto object_files = data_files();
  backend_.reset();
  write_file(data_dir() / "data" / part_files[0], "one");
  open();
  EXPECT_EQ(data_files(), object_files);
  EXPECT_EQ(read("b", "k"), "one");
}

TEST_F(MultipartCompleteTest, PartFilesOfAnAbortedUploadLeftByACrashAreRemovedAtOpen) {
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  auto part_files = data_files();
  ASSERT_TRUE(backend_->abort_upload("b", "k", u.upload_id));
  backend_.reset();
  write_file(data_dir() / "data" / part_files[0], "one");
  open();
  EXPECT_TRUE(data_files().empty());
}

// Data dirs written before multipart support (schema version 1) must open and gain the tables.
TEST_F(MultipartCompleteTest, SchemaVersionOneDataDirIsMigrated) {
  ASSERT_TRUE(put("b", "kept", "bytes"));
  backend_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
  // What version 1 had: buckets and objects, without the columns added since.
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TABLE uploads; DROP TABLE parts; DROP TABLE bucket_cors;"
                         " DROP TABLE bodies; ALTER TABLE objects DROP COLUMN body_id;"
                         " ALTER TABLE objects DROP COLUMN tags; PRAGMA user_version = 1;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  open();
  EXPECT_EQ(read("b", "kept"), "bytes");
  MultipartUpload u = create("k");
  put_part(u, 1, "one");
  ASSERT_TRUE(complete(u, {1}));
  EXPECT_EQ(read("b", "k"), "one");

  backend_.reset();
  ASSERT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), kSchemaVersion);
  sqlite3_finalize(s);
  sqlite3_close(db);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
