// Multipart uploads in the storage layer: creating, reading, committing and listing parts,
// aborting, surviving a restart, concurrent part uploads, and DeleteBucket with uploads left.
#include <algorithm>
#include <set>
#include <thread>

#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

class MultipartUploadTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  MultipartUpload create(const std::string& key, const std::string& bucket = "b") {
    MultipartUpload u;
    u.bucket = bucket;
    u.key = key;
    auto r = backend_->create_upload(std::move(u));
    EXPECT_TRUE(r) << r.error().info().code;
    return r ? *r : MultipartUpload{};
  }

  core::Result<PartInfo> put_part(const MultipartUpload& u, int number, std::string_view body) {
    auto staged = backend_->stage(u.bucket);
    if (!staged) return staged.error();
    if (auto w = (*staged)->write(std::span<const char>(body.data(), body.size())); !w) {
      return w.error();
    }
    PartInfo part;
    part.number = number;
    return backend_->commit_part(u.bucket, u.key, u.upload_id, std::move(*staged), part);
  }

  std::vector<int> part_numbers(const MultipartUpload& u) {
    auto parts = backend_->all_parts(u.bucket, u.key, u.upload_id);
    EXPECT_TRUE(parts);
    std::vector<int> out;
    if (parts) {
      for (const PartInfo& p : *parts) out.push_back(p.number);
    }
    return out;
  }
};

bool is_url_safe(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

TEST_F(MultipartUploadTest, CreateAssignsDistinctUrlSafeUploadIds) {
  MultipartUpload a = create("k");
  MultipartUpload b = create("k");
  EXPECT_NE(a.upload_id, b.upload_id);
  EXPECT_TRUE(is_url_safe(a.upload_id)) << a.upload_id;
  EXPECT_GE(a.upload_id.size(), 32u);
}

TEST_F(MultipartUploadTest, CreateInMissingBucketIsNoSuchBucket) {
  MultipartUpload u;
  u.bucket = "missing";
  u.key = "k";
  auto r = backend_->create_upload(u);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchBucket);
}

TEST_F(MultipartUploadTest, GetUploadReturnsWhatCreateFixed) {
  clock_.advance(std::chrono::milliseconds(1500));
  MultipartUpload u;
  u.bucket = "b";
  u.key = "dir/file.bin";
  u.meta.content.content_type = "video/mp4";
  u.meta.content.cache_control = "max-age=60";
  u.meta.user_metadata = {{"owner", "me"}};
  u.meta.storage_class = "STANDARD_IA";
  u.meta.checksum_type = "COMPOSITE";
  u.checksum_algorithm = "CRC32";
  auto created = backend_->create_upload(u);
  ASSERT_TRUE(created);

  auto got = backend_->get_upload("b", "dir/file.bin", created->upload_id);
  ASSERT_TRUE(got) << got.error().info().code;
  EXPECT_EQ(got->key, "dir/file.bin");
  // S3 shows Initiated to the second.
  EXPECT_EQ(got->initiated, fixed_time() + std::chrono::seconds(1));
  EXPECT_EQ(got->initiated, created->initiated);
  EXPECT_EQ(got->meta.content.content_type, "video/mp4");
  EXPECT_EQ(got->meta.content.cache_control, "max-age=60");
  EXPECT_EQ(got->meta.user_metadata, u.meta.user_metadata);
  EXPECT_EQ(got->meta.storage_class, "STANDARD_IA");
  EXPECT_EQ(got->meta.checksum_type, "COMPOSITE");
  EXPECT_EQ(got->checksum_algorithm, "CRC32");
}

TEST_F(MultipartUploadTest, UploadIdOfAnotherKeyIsNoSuchUpload) {
  MultipartUpload u = create("k");
  auto r = backend_->get_upload("b", "other", u.upload_id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartUploadTest, UnknownUploadIdIsNoSuchUpload) {
  auto r = backend_->list_parts("b", "k", "not-an-upload", 0, 1000);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartUploadTest, CommitPartTakesSizeAndMd5FromTheStagedBody) {
  MultipartUpload u = create("k");
  clock_.advance(std::chrono::seconds(7));
  auto p = put_part(u, 1, "hello");
  ASSERT_TRUE(p) << p.error().info().code;
  EXPECT_EQ(p->number, 1);
  EXPECT_EQ(p->size, 5u);
  EXPECT_EQ(p->etag, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(p->last_modified, fixed_time() + std::chrono::seconds(7));
}

TEST_F(MultipartUploadTest, CommitPartKeepsTheChecksumsGiven) {
  MultipartUpload u = create("k");
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  ASSERT_TRUE((*staged)->write(std::span<const char>("abc", 3)));
  PartInfo part;
  part.number = 2;
  part.checksums = {{"CRC32", "NSRBwg=="}};
  ASSERT_TRUE(backend_->commit_part("b", "k", u.upload_id, std::move(*staged), part));
  auto parts = backend_->all_parts("b", "k", u.upload_id);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].checksums, part.checksums);
}

TEST_F(MultipartUploadTest, PartsCommittedOutOfOrderAreListedByNumber) {
  MultipartUpload u = create("k");
  for (int n : {3, 1, 10000, 2}) ASSERT_TRUE(put_part(u, n, "part " + std::to_string(n)));
  EXPECT_EQ(part_numbers(u), (std::vector<int>{1, 2, 3, 10000}));
}

TEST_F(MultipartUploadTest, PartNumberOutsideOneToTenThousandIsInvalidArgument) {
  MultipartUpload u = create("k");
  for (int n : {0, 10001}) {
    auto r = put_part(u, n, "x");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(data_files().empty());
  EXPECT_TRUE(staging_files().empty());
}

TEST_F(MultipartUploadTest, ReuploadingAPartReplacesItAndRemovesTheOldFile) {
  MultipartUpload u = create("k");
  ASSERT_TRUE(put_part(u, 1, "first"));
  auto before = data_files();
  ASSERT_EQ(before.size(), 1u);
  auto second = put_part(u, 1, "second!");
  ASSERT_TRUE(second);

  auto parts = backend_->all_parts("b", "k", u.upload_id);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].size, 7u);
  EXPECT_EQ((*parts)[0].etag, second->etag);
  auto after = data_files();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after, before);
}

TEST_F(MultipartUploadTest, ListPartsPaginatesWithPartNumberMarker) {
  MultipartUpload u = create("k");
  for (int n = 1; n <= 5; ++n) ASSERT_TRUE(put_part(u, n, "p"));

  auto first = backend_->list_parts("b", "k", u.upload_id, 0, 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->parts.size(), 2u);
  EXPECT_EQ(first->parts[0].number, 1);
  EXPECT_TRUE(first->truncated);
  EXPECT_EQ(first->next_marker, 2);

  auto last = backend_->list_parts("b", "k", u.upload_id, 3, 2);
  ASSERT_TRUE(last);
  ASSERT_EQ(last->parts.size(), 2u);
  EXPECT_EQ(last->parts[0].number, 4);
  EXPECT_EQ(last->parts[1].number, 5);
  EXPECT_FALSE(last->truncated);
  EXPECT_EQ(last->next_marker, 5);
}

TEST_F(MultipartUploadTest, ListPartsExactlyFillingThePageIsNotTruncated) {
  MultipartUpload u = create("k");
  for (int n = 1; n <= 3; ++n) ASSERT_TRUE(put_part(u, n, "p"));
  auto page = backend_->list_parts("b", "k", u.upload_id, 0, 3);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->parts.size(), 3u);
  EXPECT_FALSE(page->truncated);
}

TEST_F(MultipartUploadTest, AbortRemovesTheUploadAndItsPartFiles) {
  MultipartUpload u = create("k");
  ASSERT_TRUE(put_part(u, 1, "one"));
  ASSERT_TRUE(put_part(u, 2, "two"));
  ASSERT_EQ(data_files().size(), 2u);

  ASSERT_TRUE(backend_->abort_upload("b", "k", u.upload_id));
  EXPECT_TRUE(data_files().empty());
  auto r = backend_->get_upload("b", "k", u.upload_id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartUploadTest, AbortingTwiceIsNoSuchUpload) {
  MultipartUpload u = create("k");
  ASSERT_TRUE(backend_->abort_upload("b", "k", u.upload_id));
  auto r = backend_->abort_upload("b", "k", u.upload_id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartUploadTest, PartStagedBeforeAnAbortIsRefusedAndLeavesNoFile) {
  MultipartUpload u = create("k");
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  ASSERT_TRUE((*staged)->write(std::span<const char>("late", 4)));
  ASSERT_TRUE(backend_->abort_upload("b", "k", u.upload_id));

  PartInfo part;
  part.number = 1;
  auto r = backend_->commit_part("b", "k", u.upload_id, std::move(*staged), part);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
  EXPECT_TRUE(data_files().empty());
  EXPECT_TRUE(staging_files().empty());
}

TEST_F(MultipartUploadTest, UploadsAndPartsSurviveARestart) {
  MultipartUpload u = create("k");
  ASSERT_TRUE(put_part(u, 1, "one"));
  ASSERT_TRUE(put_part(u, 2, "two"));
  auto files = data_files();
  reopen();
  EXPECT_TRUE(backend_->get_upload("b", "k", u.upload_id));
  EXPECT_EQ(part_numbers(u), (std::vector<int>{1, 2}));
  EXPECT_EQ(data_files(), files);
}

TEST_F(MultipartUploadTest, UploadsAreNotObjects) {
  MultipartUpload u = create("k");
  ASSERT_TRUE(put_part(u, 1, "one"));
  auto head = backend_->head_object("b", "k");
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().code, core::ErrorCode::kNoSuchKey);
  auto page = backend_->list_objects("b", query("", "", "", 1000));
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->objects.empty());
}

TEST_F(MultipartUploadTest, ConcurrentPartUploadsOfOneUploadAllLand) {
  MultipartUpload u = create("k");
  constexpr int kThreads = 8;
  constexpr int kPartsEach = 6;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPartsEach; ++i) {
        // Each thread uploads its own parts and also races the others on part 1.
        int number = i == 0 ? 1 : 2 + t * kPartsEach + i;
        if (!put_part(u, number, "thread " + std::to_string(t))) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto numbers = part_numbers(u);
  EXPECT_EQ(numbers.size(), 1u + kThreads * (kPartsEach - 1));
  // One file per part: every replaced part-1 body was removed.
  EXPECT_EQ(data_files().size(), numbers.size());
  EXPECT_TRUE(staging_files().empty());
}

// S3's DeleteBucket requires general purpose buckets to hold no objects; only directory buckets
// also require in-progress multipart uploads to be aborted first.
TEST_F(MultipartUploadTest, DeletingABucketWithOnlyUploadsSucceedsAndRemovesTheirParts) {
  MultipartUpload u = create("k");
  ASSERT_TRUE(put_part(u, 1, "one"));
  ASSERT_TRUE(backend_->delete_bucket("b"));
  EXPECT_TRUE(data_files().empty());
  make_bucket("b");
  auto r = backend_->get_upload("b", "k", u.upload_id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartUploadTest, DeletingABucketWithObjectsAndUploadsIsBucketNotEmpty) {
  MultipartUpload u = create("k");
  ASSERT_TRUE(put_part(u, 1, "one"));
  ASSERT_TRUE(put("b", "obj", "x"));
  auto r = backend_->delete_bucket("b");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kBucketNotEmpty);
  EXPECT_TRUE(backend_->get_upload("b", "k", u.upload_id));
}

}  // namespace
}  // namespace s3sandbox::storage::testing
