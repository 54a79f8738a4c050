// The storage layer never hashes object bytes: the ETag a commit stores is the caller's, verbatim,
// and a commit without one is refused (a caller bug) without leaving anything behind.
#include <string>

#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

constexpr const char* kNotTheMd5 = "0123456789abcdef0123456789abcdef";

class CommitEtagTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  std::unique_ptr<StagedWrite> staged_with(std::string_view body) {
    auto staged = backend_->stage("b");
    EXPECT_TRUE(staged);
    if (!staged) return nullptr;
    EXPECT_TRUE((*staged)->write(std::span<const char>(body.data(), body.size())));
    return std::move(*staged);
  }
};

TEST_F(CommitEtagTest, CommitStoresTheCallersEtagNotAHashOfTheBytes) {
  ObjectMeta meta;
  meta.bucket = "b";
  meta.key = "k";
  meta.etag = kNotTheMd5;
  auto committed = backend_->commit_object(staged_with("hello world"), meta, {});
  ASSERT_TRUE(committed);
  EXPECT_EQ(committed->etag, kNotTheMd5);
  auto head = backend_->head_object("b", "k");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->etag, kNotTheMd5);
  EXPECT_EQ(read("b", "k"), "hello world");
}

TEST_F(CommitEtagTest, CommitWithoutAnEtagIsRefusedAndLeavesNothing) {
  for (std::size_t size : {std::size_t{5}, std::size_t{200 * 1024}}) {  // in the buffer; a file
    ObjectMeta meta;
    meta.bucket = "b";
    meta.key = "k";
    auto r = backend_->commit_object(staged_with(std::string(size, 'x')), meta, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInternalError);
    EXPECT_EQ(read("b", "k"), "<NoSuchKey>");
    EXPECT_TRUE(data_files().empty());
  }
}

TEST_F(CommitEtagTest, PartCommitWithoutAnEtagIsRefused) {
  MultipartUpload u;
  u.bucket = "b";
  u.key = "k";
  auto created = backend_->create_upload(u);
  ASSERT_TRUE(created);
  PartInfo part;
  part.number = 1;
  auto r = backend_->commit_part("b", "k", created->upload_id, staged_with("part"), part);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternalError);
  EXPECT_TRUE(data_files().empty());

  part.etag = kNotTheMd5;
  auto stored = backend_->commit_part("b", "k", created->upload_id, staged_with("part"), part);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->etag, kNotTheMd5);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
