#include "storage/row_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace s3sandbox::storage {
namespace {

ObjectRow make_row(const std::string& key, const std::string& etag) {
  ObjectRow row;
  row.meta.bucket = "bucket";
  row.meta.key = key;
  row.meta.etag = etag;
  row.data_file = "ab/" + etag;
  return row;
}

TEST(ObjectRowCacheTest, ServesARowAtTheGenerationItWasReadAt) {
  ObjectRowCache cache;
  cache.remember(make_row("k", "e1"), 7);
  auto found = cache.find("bucket", "k", 7);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->meta.etag, "e1");
  EXPECT_EQ(found->data_file, "ab/e1");
}

TEST(ObjectRowCacheTest, AnyLaterWriteMakesTheRowStale) {
  ObjectRowCache cache;
  cache.remember(make_row("k", "e1"), 7);
  EXPECT_FALSE(cache.find("bucket", "k", 8).has_value());
}

TEST(ObjectRowCacheTest, KeysAndBucketsAreDistinct) {
  ObjectRowCache cache;
  cache.remember(make_row("a/b", "e1"), 1);
  EXPECT_FALSE(cache.find("bucket", "a", 1).has_value());
  EXPECT_FALSE(cache.find("bucket/a", "b", 1).has_value());
  EXPECT_FALSE(cache.find("other", "a/b", 1).has_value());
}

TEST(ObjectRowCacheTest, ForgetDropsTheRow) {
  ObjectRowCache cache;
  cache.remember(make_row("k", "e1"), 1);
  cache.forget("bucket", "k");
  EXPECT_FALSE(cache.find("bucket", "k", 1).has_value());
}

TEST(ObjectRowCacheTest, BodiesAreKeptWithinTheirByteBudget) {
  ObjectRowCache cache;
  const auto body = std::make_shared<const std::string>(16 * 1024, 'x');
  constexpr int kRows = 2000;  // 31 MiB of bodies offered
  for (int i = 0; i < kRows; ++i) {
    ObjectRow row = make_row("k" + std::to_string(i), "e");
    row.data_file.clear();
    row.body_id = i;
    row.body = body;
    cache.remember(row, 1);
  }
  const std::size_t budget = ObjectRowCache::kShards * ObjectRowCache::kShardBodyBudget;
  EXPECT_LE(cache.cached_body_bytes(), budget);
  EXPECT_GE(cache.cached_body_bytes(), budget / 2);  // the budget is used, not ignored
  int with_body = 0, without = 0;
  for (int i = 0; i < kRows; ++i) {
    auto found = cache.find("bucket", "k" + std::to_string(i), 1);
    ASSERT_TRUE(found.has_value());  // over the budget a row stays, without its body
    EXPECT_EQ(found->body_id, i);
    (found->body ? with_body : without)++;
    if (found->body) {
      EXPECT_EQ(*found->body, *body);
    }
  }
  EXPECT_GT(with_body, 0);
  EXPECT_GT(without, 0);
  for (int i = 0; i < kRows; ++i) cache.forget("bucket", "k" + std::to_string(i));
  EXPECT_EQ(cache.cached_body_bytes(), 0u);  // forgetting gives the bytes back
}

TEST(KnownBucketsTest, ABucketIsKnownUntilABucketIsDeleted) {
  KnownBuckets known;
  const std::uint64_t g = known.generation();
  EXPECT_FALSE(known.contains("b", g));
  known.remember("b", g);
  EXPECT_TRUE(known.contains("b", known.generation()));
  EXPECT_FALSE(known.contains("other", known.generation()));
  known.changed();
  EXPECT_FALSE(known.contains("b", known.generation()));
}

TEST(KnownBucketsTest, WhatWasSeenBeforeADeletionIsNotRemembered) {
  KnownBuckets known;
  const std::uint64_t seen_at = known.generation();  // stage() read SQLite here...
  known.changed();                                   // ...a deletion committed meanwhile
  known.remember("b", seen_at);
  EXPECT_FALSE(known.contains("b", known.generation()));
}

TEST(ObjectRowCacheTest, StaysBoundedUnderManyKeys) {
  ObjectRowCache cache;
  for (int i = 0; i < 100'000; ++i) cache.remember(make_row("k" + std::to_string(i), "e"), 1);
  int cached = 0;
  for (int i = 0; i < 100'000; ++i)
    cached += cache.find("bucket", "k" + std::to_string(i), 1) ? 1 : 0;
  EXPECT_GT(cached, 0);
  EXPECT_LE(cached, 16 * 1024);
}

}  // namespace
}  // namespace s3sandbox::storage
