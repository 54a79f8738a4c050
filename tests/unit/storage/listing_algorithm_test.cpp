// The listing algorithm over an in-memory cursor that counts the rows it reads: a page costs
// O(page) rows and seeks, however many keys hide behind its common prefixes.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "storage/listing.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage {
namespace {

using testing::query;

class CountingCursor final : public KeyCursor {
 public:
  explicit CountingCursor(std::set<std::string> keys) : keys_(std::move(keys)) {}

  core::Result<void> seek(std::string_view lower,
                          const std::optional<std::string>& upper) override {
    ++seeks;
    it_ = keys_.lower_bound(std::string(lower));
    upper_ = upper;
    return {};
  }
  core::Result<std::optional<std::string>> next_key() override {
    if (it_ == keys_.end() || (upper_ && *it_ >= *upper_)) return std::optional<std::string>();
    ++rows_read;
    current_ = *it_++;
    return std::optional<std::string>(current_);
  }
  ObjectMeta current() override {
    ObjectMeta m;
    m.key = current_;
    return m;
  }

  int seeks = 0;
  int rows_read = 0;

 private:
  std::set<std::string> keys_;
  std::set<std::string>::iterator it_;
  std::optional<std::string> upper_;
  std::string current_;
};

std::set<std::string> keys_under(const std::vector<std::string>& tops, int per_top) {
  std::set<std::string> keys;
  for (const auto& top : tops) {
    for (int i = 0; i < per_top; ++i) keys.insert(top + std::to_string(i));
  }
  return keys;
}

TEST(ListingAlgorithmTest, CommonPrefixesAreSkippedBySeekingNotByReading) {
  CountingCursor cursor(keys_under({"alpha/", "beta/", "gamma/"}, 3334));
  auto page = list_page(query("", "/", "", 1000), cursor);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"alpha/", "beta/", "gamma/"}));
  EXPECT_FALSE(page->truncated);
  EXPECT_EQ(cursor.rows_read, 3);  // one row per common prefix
  EXPECT_EQ(cursor.seeks, 4);      // the start, then one past each prefix
}

TEST(ListingAlgorithmTest, FullPageOfCommonPrefixesReadsOneRowEach) {
  std::vector<std::string> tops;
  for (int i = 0; i < 50; ++i) tops.push_back("dir" + std::to_string(100 + i) + "/");
  CountingCursor cursor(keys_under(tops, 200));
  auto page = list_page(query("", "/", "", 20), cursor);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->common_prefixes.size(), 20u);
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(cursor.rows_read, 21);  // 20 prefixes + the one proving truncation
}

TEST(ListingAlgorithmTest, PageOfKeysReadsPagePlusOneRow) {
  CountingCursor cursor(keys_under({"k"}, 100000));
  auto page = list_page(query("", "", "", 1000), cursor);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->objects.size(), 1000u);
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(cursor.rows_read, 1001);
}

TEST(ListingAlgorithmTest, MaxKeysZeroReadsNothing) {
  CountingCursor cursor(keys_under({"k"}, 10));
  auto page = list_page(query("", "", "", 0), cursor);
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->truncated);
  EXPECT_EQ(cursor.rows_read, 0);
}

TEST(ListingAlgorithmTest, PrefixSuccessorIncrementsLastByte) {
  EXPECT_EQ(prefix_successor("a/"), "a0");
  EXPECT_EQ(prefix_successor("abc"), "abd");
}

TEST(ListingAlgorithmTest, PrefixSuccessorCarriesPastFFBytes) {
  EXPECT_EQ(prefix_successor("a\xff\xff"), "b");
  EXPECT_EQ(prefix_successor("\xff"), std::nullopt);
  EXPECT_EQ(prefix_successor(""), std::nullopt);
}

TEST(ListingAlgorithmTest, KeysWithFFBytesAfterAPrefixAreListed) {
  CountingCursor cursor({"p\xff", "p\xff\xff/x", "q"});
  auto page = list_page(query("p", "/", "", 1000), cursor);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "p\xff");
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"p\xff\xff/"}));
}

}  // namespace
}  // namespace s3sandbox::storage
