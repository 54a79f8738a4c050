// Objects: round trips, overwrite and delete semantics, open descriptors, key handling.
#include <string>

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using core::ErrorCode;

class ObjectTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }
};

TEST_F(ObjectTest, PutThenGetReturnsBytesAndMd5Etag) {
  auto put_result = put("b", "hello.txt", "hello world");
  ASSERT_TRUE(put_result) << put_result.error().info().code;
  EXPECT_EQ(put_result->etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
  EXPECT_EQ(put_result->size, 11u);

  auto r = backend_->open_object("b", "hello.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(read_body(*r), "hello world");
  EXPECT_EQ(r->meta.etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
  EXPECT_EQ(r->meta.size, 11u);
  EXPECT_EQ(r->meta.last_modified, fixed_time());
}

TEST_F(ObjectTest, EmptyObjectHasTheMd5OfNothing) {
  auto r = put("b", "empty", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->etag, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(read("b", "empty"), "");
}

TEST_F(ObjectTest, LargeBodyWrittenInOddPiecesKeepsBytesAndTheCallersEtag) {
  std::string body(1024 * 1024 + 12345, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>((i * 131) % 251);
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  std::size_t offset = 0;
  for (std::size_t piece : {1u, 70000u, 65536u, 3u, 200000u}) {
    ASSERT_TRUE((*staged)->write(std::span<const char>(body.data() + offset, piece)));
    offset += piece;
  }
  ASSERT_TRUE((*staged)->write(std::span<const char>(body.data() + offset, body.size() - offset)));
  ObjectMeta meta;
  meta.bucket = "b";
  meta.key = "big";
  meta.etag = md5_hex(body);
  auto r = backend_->commit_object(std::move(*staged), meta, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->etag, crypto::hex_encode(crypto::md5(body)));
  EXPECT_EQ(r->size, body.size());
  EXPECT_EQ(read("b", "big"), body);
}

TEST_F(ObjectTest, MetadataRoundTrips) {
  ObjectMeta meta;
  meta.content.content_type = "image/png";
  meta.content.content_disposition = "attachment; filename=\"a.png\"";
  meta.content.content_encoding = "gzip";
  meta.content.content_language = "fr";
  meta.content.cache_control = "max-age=60";
  meta.content.expires = "Thu, 01 Dec 1994 16:00:00 GMT";
  meta.user_metadata = {{"author", "Zoë \"quoted\""}, {"x", ""}};
  meta.checksums = {{"CRC32", "AAAAAA=="}, {"SHA256", "abc="}};
  meta.checksum_type = "FULL_OBJECT";
  meta.storage_class = "STANDARD_IA";
  ASSERT_TRUE(put("b", "k", "data", {}, meta));
  auto h = backend_->head_object("b", "k");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->bucket, "b");
  EXPECT_EQ(h->key, "k");
  EXPECT_EQ(h->content.content_type, meta.content.content_type);
  EXPECT_EQ(h->content.content_disposition, meta.content.content_disposition);
  EXPECT_EQ(h->content.content_encoding, meta.content.content_encoding);
  EXPECT_EQ(h->content.content_language, meta.content.content_language);
  EXPECT_EQ(h->content.cache_control, meta.content.cache_control);
  EXPECT_EQ(h->content.expires, meta.content.expires);
  EXPECT_EQ(h->user_metadata, meta.user_metadata);
  EXPECT_EQ(h->checksums, meta.checksums);
  EXPECT_EQ(h->checksum_type, "FULL_OBJECT");
  EXPECT_EQ(h->storage_class, "STANDARD_IA");
}

TEST_F(ObjectTest, GivenEtagAndPartsAreKept) {
  ObjectMeta meta;
  meta.etag = "0123456789abcdef0123456789abcdef-2";
  meta.parts_count = 2;
  meta.part_sizes = {3, 1};
  ASSERT_TRUE(put("b", "mp", "abcd", {}, meta));
  auto h = backend_->head_object("b", "mp");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->etag, meta.etag);
  EXPECT_EQ(h->parts_count, 2);
  EXPECT_EQ(h->part_sizes, (std::vector<std::uint64_t>{3, 1}));
}

TEST_F(ObjectTest, LastModifiedFollowsTheClockToTheSecond) {
  // S3 keeps whole seconds: HEAD's HTTP date and the listing's "...:42.000Z" agree.
  ASSERT_TRUE(put("b", "k", "1"));
  clock_.advance(std::chrono::milliseconds(1500));
  auto r = put("b", "k", "2");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->last_modified, std::chrono::floor<std::chrono::seconds>(
                                  fixed_time() + std::chrono::milliseconds(1500)));
  EXPECT_EQ(backend_->head_object("b", "k")->last_modified, r->last_modified);
}

TEST_F(ObjectTest, HeadMissingKeyIsNoSuchKey) {
  auto r = backend_->head_object("b", "missing");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchKey);
}

TEST_F(ObjectTest, OpenMissingKeyInMissingBucketIsNoSuchBucket) {
  auto r = backend_->open_object("nope", "k");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchBucket);
}

TEST_F(ObjectTest, OverwriteReplacesBytesAndUnlinksOldDataFile) {
  ASSERT_TRUE(put("b", "k", "old"));
  auto before = data_files();
  ASSERT_EQ(before.size(), 1u);
  ASSERT_TRUE(put("b", "k", "new!"));
  EXPECT_EQ(read("b", "k"), "new!");
  auto after = data_files();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after[0], before[0]);
}

// Reads go through a cache of rows (row_cache.hpp): a key read before a write must be read anew.
TEST_F(ObjectTest, ReadAfterOverwriteOfARecentlyReadKeyIsTheNewVersion) {
  ASSERT_TRUE(put("b", "k", "old"));
  EXPECT_EQ(read("b", "k"), "old");
  ASSERT_TRUE(backend_->head_object("b", "k"));
  ASSERT_TRUE(put("b", "k", "new!"));
  auto head = backend_->head_object("b", "k");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->size, 4u);
  EXPECT_EQ(read("b", "k"), "new!");
}

TEST_F(ObjectTest, DeleteOfARecentlyReadKeyMakesItNoSuchKey) {
  ASSERT_TRUE(put("b", "k", "x"));
  ASSERT_TRUE(backend_->open_object("b", "k"));
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  EXPECT_EQ(backend_->head_object("b", "k").error().code, ErrorCode::kNoSuchKey);
  EXPECT_EQ(backend_->open_object("b", "k").error().code, ErrorCode::kNoSuchKey);
}

TEST_F(ObjectTest, ReadsOfAnUnchangedKeyRepeatTheSameAnswer) {
  ASSERT_TRUE(put("b", "k", "stable"));
  ASSERT_TRUE(put("b", "other", "o"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(read("b", "k"), "stable");
    EXPECT_EQ(backend_->head_object("b", "k")->etag, crypto::hex_encode(crypto::md5("stable")));
  }
}

TEST_F(ObjectTest, DescriptorOpenedBeforeDeleteStillReadsOldBytes) {
  ASSERT_TRUE(put("b", "k", "still here"));
  auto reader = backend_->open_object("b", "k");
  ASSERT_TRUE(reader);
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  EXPECT_TRUE(data_files().empty());
  EXPECT_EQ(read_body(*reader), "still here");
}

TEST_F(ObjectTest, DescriptorOpenedBeforeOverwriteStillReadsOldBytes) {
  ASSERT_TRUE(put("b", "k", "version 1"));
  auto reader = backend_->open_object("b", "k");
  ASSERT_TRUE(reader);
  ASSERT_TRUE(put("b", "k", "version 2"));
  EXPECT_EQ(read_body(*reader), "version 1");
  EXPECT_EQ(read("b", "k"), "version 2");
}

TEST_F(ObjectTest, DeleteRemovesObjectAndDataFile) {
  ASSERT_TRUE(put("b", "k", "x"));
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  EXPECT_EQ(backend_->head_object("b", "k").error().code, ErrorCode::kNoSuchKey);
  EXPECT_TRUE(data_files().empty());
}

TEST_F(ObjectTest, DeletingMissingKeySucceeds) {
  EXPECT_TRUE(backend_->delete_object("b", "nope"));
}

TEST_F(ObjectTest, DeletingInMissingBucketIsNoSuchBucket) {
  auto r = backend_->delete_object("nope", "k");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchBucket);
}

TEST_F(ObjectTest, StagedWriteDroppedWithoutCommitLeavesNoFile) {
  const std::string big(100 * 1024, 'x');  // more than the write buffer: the file exists
  {
    auto staged = backend_->stage("b");
    ASSERT_TRUE(staged);
    ASSERT_TRUE((*staged)->write(std::span<const char>(big.data(), big.size())));
    // Written in place in data/, but named by no row: invisible.
    EXPECT_EQ(data_files().size(), 1u);
    EXPECT_TRUE(staging_files().empty());
  }
  EXPECT_TRUE(staging_files().empty());
  EXPECT_TRUE(data_files().empty());
}

TEST_F(ObjectTest, StagedWriteCreatesItsFileOnlyWhenItsBufferFills) {
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  ASSERT_TRUE((*staged)->write(std::span<const char>("abc", 3)));
  EXPECT_TRUE(data_files().empty());
}

TEST_F(ObjectTest, CommittedWriteLeavesNothingInStaging) {
  ASSERT_TRUE(put("b", "k", "x"));
  EXPECT_TRUE(staging_files().empty());
  EXPECT_EQ(data_files().size(), 1u);
}

TEST_F(ObjectTest, CommitAfterBucketDeletedIsNoSuchBucketAndLeavesNoFile) {
  make_bucket("gone");
  auto staged = backend_->stage("gone");
  ASSERT_TRUE(staged);
  ASSERT_TRUE((*staged)->write(std::span<const char>("abc", 3)));
  ASSERT_TRUE(backend_->delete_bucket("gone"));
  ObjectMeta meta;
  meta.bucket = "gone";
  meta.key = "k";
  meta.etag = md5_hex("abc");
  auto r = backend_->commit_object(std::move(*staged), meta, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchBucket);
  EXPECT_TRUE(data_files().empty());
  EXPECT_TRUE(staging_files().empty());
}

TEST_F(ObjectTest, StageInABucketDeletedSinceItsLastStageIsNoSuchBucket) {
  make_bucket("gone");
  ASSERT_TRUE(put("gone", "k", "x"));  // stage() now knows the bucket
  ASSERT_TRUE(backend_->delete_object("gone", "k"));
  ASSERT_TRUE(backend_->delete_bucket("gone"));
  auto staged = backend_->stage("gone");
  ASSERT_FALSE(staged);
  EXPECT_EQ(staged.error().code, ErrorCode::kNoSuchBucket);
  make_bucket("gone");  // and a bucket created again is usable at once
  EXPECT_TRUE(put("gone", "k", "y"));
}

TEST_F(ObjectTest, KeyAndKeyWithSlashCoexist) {
  ASSERT_TRUE(put("b", "a", "file a"));
  ASSERT_TRUE(put("b", "a/b", "file a/b"));
  ASSERT_TRUE(put("b", "a/", "folder marker"));
  EXPECT_EQ(read("b", "a"), "file a");
  EXPECT_EQ(read("b", "a/b"), "file a/b");
  EXPECT_EQ(read("b", "a/"), "folder marker");
}

TEST_F(ObjectTest, KeysAreCaseAndByteExact) {
  ASSERT_TRUE(put("b", "Key", "upper"));
  ASSERT_TRUE(put("b", "key", "lower"));
  ASSERT_TRUE(put("b", "caf\xc3\xa9", "nfc"));
  ASSERT_TRUE(put("b", "cafe\xcc\x81", "nfd"));
  EXPECT_EQ(read("b", "Key"), "upper");
  EXPECT_EQ(read("b", "key"), "lower");
  EXPECT_EQ(read("b", "caf\xc3\xa9"), "nfc");
  EXPECT_EQ(read("b", "cafe\xcc\x81"), "nfd");
}

TEST_F(ObjectTest, TraversalKeysStayInsideTheDataDir) {
  const std::vector<std::string> keys = {
      "../../etc/passwd", "../../../escape", "/abs/path",      "..",
      "a/../../b",        "%2e%2e/x",        "back\\..\\slash"};
  for (const std::string& key : keys) {
    ASSERT_TRUE(put("b", key, "payload " + key)) << key;
  }
  for (const std::string& key : keys) EXPECT_EQ(read("b", key), "payload " + key) << key;
  // Everything written lives under the data dir, in data/ or meta.db's files, nothing else.
  for (const std::string& f : files_under(tmp_.path())) {
    EXPECT_TRUE(f.rfind("store/", 0) == 0) << f;
    EXPECT_EQ(f.find("passwd"), std::string::npos) << f;
    EXPECT_EQ(f.find("escape"), std::string::npos) << f;
  }
  EXPECT_EQ(data_files().size(), keys.size());
}

TEST_F(ObjectTest, LongestKeyIsStored) {
  std::string key(1024, 'k');
  ASSERT_TRUE(put("b", key, "long"));
  EXPECT_EQ(read("b", key), "long");
}

TEST_F(ObjectTest, ObjectsSurviveReopen) {
  ObjectMeta meta;
  meta.content.content_type = "text/plain";
  ASSERT_TRUE(put("b", "dir/k", "persistent", {}, meta));
  reopen();
  auto r = backend_->open_object("b", "dir/k");
  ASSERT_TRUE(r);
  EXPECT_EQ(read_body(*r), "persistent");
  EXPECT_EQ(r->meta.content.content_type, "text/plain");
  EXPECT_EQ(r->meta.etag, crypto::hex_encode(crypto::md5("persistent")));
}

TEST_F(ObjectTest, WritesWithFsyncEnabledWork) {
  fsync_ = true;
  reopen();
  ASSERT_TRUE(put("b", "k", "durable"));
  EXPECT_EQ(read("b", "k"), "durable");
}

TEST_F(ObjectTest, SecondBackendOnTheSameDataDirIsRefused) {
  SqliteOptions options;
  options.data_dir = data_dir();
  auto second = open_sqlite_backend(options, clock_);
  EXPECT_FALSE(second);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
