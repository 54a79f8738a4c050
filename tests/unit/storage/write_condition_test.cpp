// Conditional writes (If-None-Match: *, If-Match), checked atomically with the commit.
#include <atomic>
#include <latch>
#include <thread>

#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using core::ErrorCode;

class WriteConditionTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }
  static WriteCondition if_none_match() {
    WriteCondition c;
    c.if_none_match_any = true;
    return c;
  }
  static WriteCondition if_match(std::string etag) {
    WriteCondition c;
    c.if_match = std::move(etag);
    return c;
  }
};

TEST_F(WriteConditionTest, IfNoneMatchStarCreatesAMissingKey) {
  ASSERT_TRUE(put("b", "k", "first", if_none_match()));
  EXPECT_EQ(read("b", "k"), "first");
}

TEST_F(WriteConditionTest, IfNoneMatchStarOnExistingKeyIsPreconditionFailed) {
  ASSERT_TRUE(put("b", "k", "first"));
  auto r = put("b", "k", "second", if_none_match());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(r.error().info().http_status, 412);
  EXPECT_EQ(read("b", "k"), "first");
  EXPECT_EQ(data_files().size(), 1u);  // the refused body is not left behind
}

TEST_F(WriteConditionTest, IfMatchWithCurrentEtagReplaces) {
  auto first = put("b", "k", "first");
  ASSERT_TRUE(first);
  ASSERT_TRUE(put("b", "k", "second", if_match(first->etag)));
  EXPECT_EQ(read("b", "k"), "second");
}

TEST_F(WriteConditionTest, IfMatchWithOtherEtagIsPreconditionFailed) {
  ASSERT_TRUE(put("b", "k", "first"));
  auto r = put("b", "k", "second", if_match("00000000000000000000000000000000"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(read("b", "k"), "first");
  EXPECT_EQ(data_files().size(), 1u);
}

// S3 answers 404 NoSuchKey (not 412) to a conditional PutObject with If-Match on a missing key.
TEST_F(WriteConditionTest, IfMatchOnMissingKeyIsNoSuchKey) {
  auto r = put("b", "k", "data", if_match("5eb63bbbe01eeed093cb22bb8f5acdc3"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNoSuchKey);
  EXPECT_TRUE(data_files().empty());
}

TEST_F(WriteConditionTest, IfNoneMatchRaceHasExactlyOneWinner) {
  constexpr int kThreads = 16;
  std::vector<std::unique_ptr<StagedWrite>> staged;
  for (int i = 0; i < kThreads; ++i) {
    auto s = backend_->stage("b");
    ASSERT_TRUE(s);
    std::string body = "writer " + std::to_string(i);
    ASSERT_TRUE((*s)->write(std::span<const char>(body.data(), body.size())));
    staged.push_back(std::move(*s));
  }
  std::latch start(kThreads);
  std::atomic<int> won{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ObjectMeta meta;
      meta.bucket = "b";
      meta.key = "contended";
      meta.etag = md5_hex("writer " + std::to_string(i));
      start.arrive_and_wait();
      auto r = backend_->commit_object(std::move(staged[i]), meta, if_none_match());
      if (r)
        ++won;
      else if (r.error().code == ErrorCode::kPreconditionFailed)
        ++refused;
      else
        ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(data_files().size(), 1u);
  EXPECT_TRUE(staging_files().empty());
}

TEST_F(WriteConditionTest, ConcurrentWritersOfDistinctKeysAllSucceed) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string key = "t" + std::to_string(t) + "/" + std::to_string(i);
        if (!put("b", key, key)) ++failures;
        if (read("b", key) != key) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto page = backend_->list_objects("b", ListQuery{});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->objects.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace s3sandbox::storage::testing
