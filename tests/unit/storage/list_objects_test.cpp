// ListObjects semantics over the SQLite backend: prefix, delimiter, common prefixes, after,
// max-keys, pagination, bytewise order.
#include <set>

#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

class ListObjectsTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }
  void put_keys(const std::vector<std::string>& keys) {
    for (const auto& k : keys) ASSERT_TRUE(put("b", k, "")) << k;
  }
  ListPage list(ListQuery q) {
    auto r = backend_->list_objects("b", q);
    EXPECT_TRUE(r) << (r ? "" : r.error().info().code);
    return r ? *r : ListPage{};
  }
  static std::vector<std::string> keys_of(const ListPage& p) {
    std::vector<std::string> out;
    for (const auto& o : p.objects) out.push_back(o.key);
    return out;
  }
  // Follows next_after until the listing is complete; returns keys and common prefixes in the
  // order they came, and counts pages.
  std::vector<std::string> list_all(ListQuery q, int* pages) {
    std::vector<std::string> entries;
    *pages = 0;
    while (true) {
      ListPage p = list(q);
      ++*pages;
      // Merge keys and prefixes of the page in key order, as a client would see them.
      std::vector<std::string> page_entries = keys_of(p);
      page_entries.insert(page_entries.end(), p.common_prefixes.begin(), p.common_prefixes.end());
      std::sort(page_entries.begin(), page_entries.end());
      EXPECT_LE(page_entries.size(), static_cast<std::size_t>(q.max_keys));
      entries.insert(entries.end(), page_entries.begin(), page_entries.end());
      if (!p.truncated) break;
      EXPECT_EQ(p.next_after, page_entries.back());
      q.after = p.next_after;
      if (*pages > 100) break;
    }
    return entries;
  }
};

using Keys = std::vector<std::string>;

TEST_F(ListObjectsTest, EmptyBucketListsNothing) {
  ListPage p = list({});
  EXPECT_TRUE(p.objects.empty());
  EXPECT_TRUE(p.common_prefixes.empty());
  EXPECT_FALSE(p.truncated);
}

TEST_F(ListObjectsTest, ObjectsCarryTheirMetadata) {
  ASSERT_TRUE(put("b", "k", "hello world"));
  ListPage p = list({});
  ASSERT_EQ(p.objects.size(), 1u);
  EXPECT_EQ(p.objects[0].bucket, "b");
  EXPECT_EQ(p.objects[0].size, 11u);
  EXPECT_EQ(p.objects[0].etag, "5eb63bbbe01eeed093cb22bb8f5acdc3");
  EXPECT_EQ(p.objects[0].last_modified, fixed_time());
  EXPECT_EQ(p.objects[0].storage_class, "STANDARD");
}

TEST_F(ListObjectsTest, KeysComeInBytewiseOrder) {
  put_keys({"~tilde", "a", "B", "caf\xc3\xa9", "a/b", "a-b", "Z", "0"});
  EXPECT_EQ(keys_of(list({})), (Keys{"0", "B", "Z", "a", "a-b", "a/b", "caf\xc3\xa9", "~tilde"}));
}

TEST_F(ListObjectsTest, PrefixSelectsMatchingKeys) {
  put_keys({"photos/a.jpg", "photos/b.jpg", "photosynthesis", "videos/c.mp4", "photo"});
  EXPECT_EQ(keys_of(list(query("photos/", "", "", 1000))), (Keys{"photos/a.jpg", "photos/b.jpg"}));
}

TEST_F(ListObjectsTest, PrefixNeedNotBeAFolder) {
  put_keys({"abc", "abd", "ab/x", "ab", "b", "aa"});
  EXPECT_EQ(keys_of(list(query("ab", "", "", 1000))), (Keys{"ab", "ab/x", "abc", "abd"}));
}

TEST_F(ListObjectsTest, DelimiterRollsKeysUpIntoCommonPrefixes) {
  put_keys({"a.txt", "photos/2024/x.jpg", "photos/2025/y.jpg", "videos/z.mp4", "z.txt"});
  ListPage p = list(query("", "/", "", 1000));
  EXPECT_EQ(keys_of(p), (Keys{"a.txt", "z.txt"}));
  EXPECT_EQ(p.common_prefixes, (Keys{"photos/", "videos/"}));
  EXPECT_FALSE(p.truncated);
}

TEST_F(ListObjectsTest, PrefixAndDelimiterListOneLevel) {
  put_keys({"photos/2024/x.jpg", "photos/2024/y.jpg", "photos/2025/y.jpg", "photos/top.jpg",
            "photos/", "other/x"});
  ListPage p = list(query("photos/", "/", "", 1000));
  EXPECT_EQ(keys_of(p), (Keys{"photos/", "photos/top.jpg"}));
  EXPECT_EQ(p.common_prefixes, (Keys{"photos/2024/", "photos/2025/"}));
}

TEST_F(ListObjectsTest, NonFolderPrefixWithDelimiter) {
  put_keys({"abc", "abd", "ab/x", "ab/y/z", "b"});
  ListPage p = list(query("ab", "/", "", 1000));
  EXPECT_EQ(keys_of(p), (Keys{"abc", "abd"}));
  EXPECT_EQ(p.common_prefixes, (Keys{"ab/"}));
}

TEST_F(ListObjectsTest, DelimiterOtherThanSlash) {
  put_keys({"2024-01-x", "2024-02-y", "2025-01-z", "misc", "a/b"});
  ListPage p = list(query("", "-", "", 1000));
  EXPECT_EQ(keys_of(p), (Keys{"a/b", "misc"}));
  EXPECT_EQ(p.common_prefixes, (Keys{"2024-", "2025-"}));
}

TEST_F(ListObjectsTest, MultiCharacterDelimiter) {
  put_keys({"ns::a::b", "ns::c", "ns:d", "other"});
  ListPage p = list(query("", "::", "", 1000));
  EXPECT_EQ(keys_of(p), (Keys{"ns:d", "other"}));
  EXPECT_EQ(p.common_prefixes, (Keys{"ns::"}));
}

TEST_F(ListObjectsTest, AfterIsExclusive) {
  put_keys({"a", "b", "c", "d"});
  EXPECT_EQ(keys_of(list(query("", "", "b", 1000))), (Keys{"c", "d"}));
}

TEST_F(ListObjectsTest, AfterNeedNotBeAnExistingKey) {
  put_keys({"a", "b", "c", "d"});
  EXPECT_EQ(keys_of(list(query("", "", "bb", 1000))), (Keys{"c", "d"}));
}

TEST_F(ListObjectsTest, AfterBeforePrefixStartsAtPrefix) {
  put_keys({"a", "p/1", "p/2", "q"});
  EXPECT_EQ(keys_of(list(query("p/", "", "a", 1000))), (Keys{"p/1", "p/2"}));
}

TEST_F(ListObjectsTest, AfterPastPrefixListsNothing) {
  put_keys({"p/1", "p/2", "q"});
  EXPECT_TRUE(list(query("p/", "", "p0", 1000)).objects.empty());
}

TEST_F(ListObjectsTest, AfterACommonPrefixSkipsItsKeys) {
  put_keys({"a/1", "a/2", "b/1", "c"});
  ListPage p = list(query("", "/", "a/", 1000));
  EXPECT_EQ(p.common_prefixes, (Keys{"b/"}));
  EXPECT_EQ(keys_of(p), (Keys{"c"}));
}

TEST_F(ListObjectsTest, AfterInsideACommonPrefixDoesNotRepeatIt) {
  put_keys({"a/1", "a/2", "b/1"});
  ListPage p = list(query("", "/", "a/1", 1000));
  EXPECT_EQ(p.common_prefixes, (Keys{"b/"}));
}

// S3 answers max-keys=0 with an empty page that is not truncated, even for a non-empty bucket.
TEST_F(ListObjectsTest, MaxKeysZeroIsEmptyAndNotTruncated) {
  put_keys({"a", "b"});
  ListPage p = list(query("", "", "", 0));
  EXPECT_TRUE(p.objects.empty());
  EXPECT_TRUE(p.common_prefixes.empty());
  EXPECT_FALSE(p.truncated);
}

TEST_F(ListObjectsTest, FullPageWithMoreKeysIsTruncatedAndNamesItsLastKey) {
  put_keys({"a", "b", "c"});
  ListPage p = list(query("", "", "", 2));
  EXPECT_EQ(keys_of(p), (Keys{"a", "b"}));
  EXPECT_TRUE(p.truncated);
  EXPECT_EQ(p.next_after, "b");
}

TEST_F(ListObjectsTest, PageEndingExactlyAtLastKeyIsNotTruncated) {
  put_keys({"a", "b"});
  ListPage p = list(query("", "", "", 2));
  EXPECT_EQ(keys_of(p), (Keys{"a", "b"}));
  EXPECT_FALSE(p.truncated);
}

TEST_F(ListObjectsTest, CommonPrefixesCountTowardsMaxKeys) {
  put_keys({"a/1", "b/1", "c", "d/1"});
  ListPage p = list(query("", "/", "", 2));
  EXPECT_EQ(p.common_prefixes, (Keys{"a/", "b/"}));
  EXPECT_TRUE(keys_of(p).empty());
  EXPECT_TRUE(p.truncated);
  EXPECT_EQ(p.next_after, "b/");
}

TEST_F(ListObjectsTest, PaginationWithoutDelimiterYieldsEveryKeyOnce) {
  Keys expected;
  for (int i = 0; i < 2500; ++i) expected.push_back("key/" + std::to_string(100000 + i));
  put_keys(expected);
  int pages = 0;
  Keys got = list_all(query("", "", "", 1000), &pages);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(pages, 3);
}

TEST_F(ListObjectsTest, PaginationWithDelimiterYieldsEveryEntryOnce) {
  Keys all, expected;
  for (int i = 0; i < 1500; ++i) {
    std::string dir = "d" + std::to_string(10000 + i) + "/";
    all.push_back(dir + "x");
    all.push_back(dir + "y");
    expected.push_back(dir);
  }
  for (int i = 0; i < 1000; ++i) {
    all.push_back("f" + std::to_string(10000 + i));
    expected.push_back(all.back());
  }
  put_keys(all);
  std::sort(expected.begin(), expected.end());
  int pages = 0;
  Keys got = list_all(query("", "/", "", 1000), &pages);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(pages, 3);
}

TEST_F(ListObjectsTest, LargeBucketWithDelimiterListsItsThreePrefixesInOnePage) {
  Keys all;
  for (const char* top : {"alpha/", "beta/", "gamma/"}) {
    for (int i = 0; i < 3334; ++i) all.push_back(top + std::to_string(i));
  }
  put_keys(all);
  ListPage p = list(query("", "/", "", 1000));
  EXPECT_EQ(p.common_prefixes, (Keys{"alpha/", "beta/", "gamma/"}));
  EXPECT_TRUE(p.objects.empty());
  EXPECT_FALSE(p.truncated);
}

TEST_F(ListObjectsTest, ListingIsPerBucket) {
  make_bucket("other");
  ASSERT_TRUE(put("other", "x", ""));
  put_keys({"a"});
  EXPECT_EQ(keys_of(list({})), (Keys{"a"}));
}

}  // namespace
}  // namespace s3sandbox::storage::testing
