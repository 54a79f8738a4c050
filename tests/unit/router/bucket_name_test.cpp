// S3 general purpose bucket naming rules (S3 User Guide, "General purpose bucket naming
// rules"), each tested on both sides.
#include "s3sandbox/router/bucket_name.hpp"

#include <gtest/gtest.h>

#include <string>

namespace s3sandbox::router {
namespace {

TEST(BucketNameTest, LengthThreeToSixtyThree) {
  EXPECT_FALSE(is_valid_bucket_name("ab"));
  EXPECT_TRUE(is_valid_bucket_name("abc"));
  EXPECT_TRUE(is_valid_bucket_name(std::string(63, 'a')));
  EXPECT_FALSE(is_valid_bucket_name(std::string(64, 'a')));
  EXPECT_FALSE(is_valid_bucket_name(""));
}

TEST(BucketNameTest, OnlyLowercaseDigitsDotsHyphens) {
  EXPECT_TRUE(is_valid_bucket_name("my-bucket.2024"));
  EXPECT_FALSE(is_valid_bucket_name("My-bucket"));
  EXPECT_FALSE(is_valid_bucket_name("my_bucket"));
  EXPECT_FALSE(is_valid_bucket_name("my bucket"));
  EXPECT_FALSE(is_valid_bucket_name("my/bucket"));
}

TEST(BucketNameTest, BeginsAndEndsWithLetterOrDigit) {
  EXPECT_TRUE(is_valid_bucket_name("1bucket9"));
  EXPECT_FALSE(is_valid_bucket_name("-bucket"));
  EXPECT_FALSE(is_valid_bucket_name("bucket-"));
  EXPECT_FALSE(is_valid_bucket_name(".bucket"));
  EXPECT_FALSE(is_valid_bucket_name("bucket."));
}

TEST(BucketNameTest, NoAdjacentPeriods) {
  EXPECT_TRUE(is_valid_bucket_name("a.b.c"));
  EXPECT_FALSE(is_valid_bucket_name("a..b"));
}

TEST(BucketNameTest, NotFormattedAsIpAddress) {
  EXPECT_FALSE(is_valid_bucket_name("192.168.5.4"));
  EXPECT_TRUE(is_valid_bucket_name("192.168.5"));
  EXPECT_TRUE(is_valid_bucket_name("192.168.5.4.5"));
  EXPECT_TRUE(is_valid_bucket_name("192.168.5.a"));
}

TEST(BucketNameTest, ReservedPrefixes) {
  EXPECT_FALSE(is_valid_bucket_name("xn--bucket"));
  EXPECT_TRUE(is_valid_bucket_name("xn-bucket"));
  EXPECT_FALSE(is_valid_bucket_name("sthree-bucket"));
  EXPECT_FALSE(is_valid_bucket_name("sthree-configurator"));
  EXPECT_TRUE(is_valid_bucket_name("sthree"));
  EXPECT_FALSE(is_valid_bucket_name("amzn-s3-demo-bucket"));
  EXPECT_TRUE(is_valid_bucket_name("amzn-s3-demo"));
}

TEST(BucketNameTest, ReservedSuffixes) {
  EXPECT_FALSE(is_valid_bucket_name("bucket-s3alias"));
  EXPECT_TRUE(is_valid_bucket_name("bucket-s3aliases"));
  EXPECT_FALSE(is_valid_bucket_name("bucket--ol-s3"));
  EXPECT_TRUE(is_valid_bucket_name("bucket-ol-s3"));
  EXPECT_FALSE(is_valid_bucket_name("bucket.mrap"));
  EXPECT_FALSE(is_valid_bucket_name("bucket--x-s3"));
  EXPECT_FALSE(is_valid_bucket_name("bucket--table-s3"));
  EXPECT_TRUE(is_valid_bucket_name("bucket-x-s3"));
}

TEST(BucketNameTest, ProblemNamesTheRule) {
  EXPECT_EQ(bucket_name_problem("ok-bucket"), "");
  EXPECT_NE(bucket_name_problem("xn--a").find("xn--"), std::string::npos);
}

}  // namespace
}  // namespace s3sandbox::router
