// Bucket lifecycle and the S3 errors of bucket operations.
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using core::ErrorCode;
using BucketTest = StorageTest;

TEST_F(BucketTest, CreatedBucketReportsRegionAndCreationTime) {
  ASSERT_TRUE(backend_->create_bucket("photos", "eu-west-1"));
  auto b = backend_->get_bucket("photos");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->name, "photos");
  EXPECT_EQ(b->region, "eu-west-1");
  EXPECT_EQ(b->created, fixed_time());
}

TEST_F(BucketTest, CreatingAnExistingBucketIsBucketAlreadyOwnedByYou) {
  make_bucket("photos");
  auto r = backend_->create_bucket("photos", "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBucketAlreadyOwnedByYou);
  EXPECT_EQ(r.error().info().http_status, 409);
}

TEST_F(BucketTest, GetMissingBucketIsNoSuchBucket) {
  auto r = backend_->get_bucket("nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchBucket);
}

TEST_F(BucketTest, ListBucketsIsSortedByName) {
  make_bucket("zeta");
  make_bucket("alpha");
  make_bucket("mid");
  auto r = backend_->list_buckets();
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, "alpha");
  EXPECT_EQ((*r)[1].name, "mid");
  EXPECT_EQ((*r)[2].name, "zeta");
}

TEST_F(BucketTest, DeleteEmptyBucketRemovesIt) {
  make_bucket("photos");
  ASSERT_TRUE(backend_->delete_bucket("photos"));
  EXPECT_FALSE(backend_->get_bucket("photos"));
}

TEST_F(BucketTest, DeleteMissingBucketIsNoSuchBucket) {
  auto r = backend_->delete_bucket("nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchBucket);
}

TEST_F(BucketTest, DeleteNonEmptyBucketIsBucketNotEmpty) {
  make_bucket("photos");
  ASSERT_TRUE(put("photos", "a", "x"));
  auto r = backend_->delete_bucket("photos");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBucketNotEmpty);
  EXPECT_EQ(r.error().info().http_status, 409);
  EXPECT_TRUE(backend_->get_bucket("photos"));
}

TEST_F(BucketTest, BucketIsDeletableOnceItsLastObjectIsDeleted) {
  make_bucket("photos");
  ASSERT_TRUE(put("photos", "a", "x"));
  ASSERT_TRUE(backend_->delete_object("photos", "a"));
  EXPECT_TRUE(backend_->delete_bucket("photos"));
}

TEST_F(BucketTest, StagingIntoMissingBucketIsNoSuchBucket) {
  auto r = backend_->stage("nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchBucket);
  EXPECT_TRUE(staging_files().empty());
}

TEST_F(BucketTest, ListingMissingBucketIsNoSuchBucket) {
  auto r = backend_->list_objects("nope", ListQuery{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchBucket);
}

TEST_F(BucketTest, BucketsSurviveReopen) {
  ASSERT_TRUE(backend_->create_bucket("photos", "us-west-2"));
  reopen();
  auto b = backend_->get_bucket("photos");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->region, "us-west-2");
}

}  // namespace
}  // namespace s3sandbox::storage::testing
