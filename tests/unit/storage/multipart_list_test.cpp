// ListMultipartUploads in the storage layer: S3's order (key, then initiation time), prefix and
// delimiter roll-up, and pagination with key-marker / upload-id-marker.
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

class MultipartListTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  // Each upload is initiated one second after the previous one.
  std::string create(const std::string& key) {
    clock_.advance(std::chrono::seconds(1));
    MultipartUpload u;
    u.bucket = "b";
    u.key = key;
    auto r = backend_->create_upload(std::move(u));
    EXPECT_TRUE(r) << r.error().info().code;
    return r ? r->upload_id : "";
  }

  UploadsPage list(UploadsQuery q) {
    auto r = backend_->list_uploads("b", q);
    EXPECT_TRUE(r) << r.error().info().code;
    return r ? *r : UploadsPage{};
  }

  static std::vector<std::string> keys(const UploadsPage& page) {
    std::vector<std::string> out;
    for (const MultipartUpload& u : page.uploads) out.push_back(u.key);
    return out;
  }
  static std::vector<std::string> ids(const UploadsPage& page) {
    std::vector<std::string> out;
    for (const MultipartUpload& u : page.uploads) out.push_back(u.upload_id);
    return out;
  }
};

UploadsQuery query_of(std::string prefix, std::string delimiter, int max_uploads = 1000) {
  UploadsQuery q;
  q.prefix = std::move(prefix);
  q.delimiter = std::move(delimiter);
  q.max_uploads = max_uploads;
  return q;
}

TEST_F(MultipartListTest, UploadsAreOrderedByKeyThenInitiationTime) {
  std::string b_first = create("b");
  std::string a = create("a");
  std::string b_second = create("b");
  UploadsPage page = list({});
  EXPECT_EQ(ids(page), (std::vector<std::string>{a, b_first, b_second}));
  EXPECT_FALSE(page.truncated);
}

TEST_F(MultipartListTest, UploadsInitiatedInTheSameSecondAreAllListedOnce) {
  clock_.advance(std::chrono::seconds(1));
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) {
    MultipartUpload u;
    u.bucket = "b";
    u.key = "same";
    created.push_back(backend_->create_upload(u)->upload_id);
  }
  UploadsPage page = list({});
  std::vector<std::string> listed = ids(page);
  std::sort(created.begin(), created.end());
  EXPECT_EQ(listed, created);  // ties by upload id
}

TEST_F(MultipartListTest, ListingReturnsEachUploadsFields) {
  std::string id = create("k");
  UploadsPage page = list({});
  ASSERT_EQ(page.uploads.size(), 1u);
  EXPECT_EQ(page.uploads[0].bucket, "b");
  EXPECT_EQ(page.uploads[0].key, "k");
  EXPECT_EQ(page.uploads[0].upload_id, id);
  EXPECT_EQ(page.uploads[0].initiated, fixed_time() + std::chrono::seconds(1));
}

TEST_F(MultipartListTest, PrefixSelectsKeys) {
  create("photos/a");
  create("photosx");
  create("videos/a");
  EXPECT_EQ(keys(list(query_of("photos/", ""))), (std::vector<std::string>{"photos/a"}));
}

TEST_F(MultipartListTest, DelimiterRollsKeysUpIntoCommonPrefixes) {
  create("photos/2006/jan.jpg");
  create("photos/2006/feb.jpg");
  create("photos/2006/feb.jpg");
  create("photos/index.html");
  create("videos/a.mp4");
  UploadsPage page = list(query_of("photos/", "/"));
  EXPECT_EQ(keys(page), (std::vector<std::string>{"photos/index.html"}));
  EXPECT_EQ(page.common_prefixes, (std::vector<std::string>{"photos/2006/"}));

  UploadsPage top = list(query_of("", "/"));
  EXPECT_TRUE(top.uploads.empty());
  EXPECT_EQ(top.common_prefixes, (std::vector<std::string>{"photos/", "videos/"}));
}

TEST_F(MultipartListTest, KeyMarkerAloneStartsAfterEveryUploadOfThatKey) {
  create("a");
  create("b");
  create("b");
  std::string c = create("c");
  UploadsQuery q;
  q.key_marker = "b";
  EXPECT_EQ(ids(list(q)), (std::vector<std::string>{c}));
}

TEST_F(MultipartListTest, UploadIdMarkerContinuesWithinTheMarkerKey) {
  create("a");
  std::string b1 = create("b");
  std::string b2 = create("b");
  std::string b3 = create("b");
  std::string c = create("c");
  UploadsQuery q;
  q.key_marker = "b";
  q.upload_id_marker = b1;
  EXPECT_EQ(ids(list(q)), (std::vector<std::string>{b2, b3, c}));
}

TEST_F(MultipartListTest, UploadIdMarkerIsIgnoredWithoutKeyMarker) {
  std::string a = create("a");
  std::string b = create("b");
  UploadsQuery q;
  q.upload_id_marker = b;
  EXPECT_EQ(ids(list(q)), (std::vector<std::string>{a, b}));
}

TEST_F(MultipartListTest, PagesFollowedByTheirNextMarkersListEveryUploadOnce) {
  std::vector<std::string> all;
  for (const char* key : {"a", "b", "b", "b", "c", "d", "d"}) all.push_back(create(key));
  std::vector<std::string> seen;
  UploadsQuery q;
  q.max_uploads = 2;
  for (int pages = 0; pages < 10; ++pages) {
    UploadsPage page = list(q);
    for (const std::string& id : ids(page)) seen.push_back(id);
    if (!page.truncated) break;
    EXPECT_EQ(page.uploads.size(), 2u);
    EXPECT_EQ(page.next_key_marker, page.uploads.back().key);
    EXPECT_EQ(page.next_upload_id_marker, page.uploads.back().upload_id);
    q.key_marker = page.next_key_marker;
    q.upload_id_marker = page.next_upload_id_marker;
  }
  EXPECT_EQ(seen, all);  // created in (key, time) order above
}

TEST_F(MultipartListTest, CommonPrefixesCountTowardsMaxUploadsAndPagesResumeAfterThem) {
  create("a/1");
  create("a/2");
  std::string b = create("b");
  create("c/1");
  UploadsQuery q = query_of("", "/", 1);

  UploadsPage first = list(q);
  EXPECT_EQ(first.common_prefixes, (std::vector<std::string>{"a/"}));
  EXPECT_TRUE(first.uploads.empty());
  EXPECT_TRUE(first.truncated);
  EXPECT_EQ(first.next_key_marker, "a/");
  EXPECT_EQ(first.next_upload_id_marker, "");

  q.key_marker = first.next_key_marker;
  UploadsPage second = list(q);
  EXPECT_EQ(ids(second), (std::vector<std::string>{b}));
  EXPECT_TRUE(second.common_prefixes.empty());
  EXPECT_TRUE(second.truncated);

  q.key_marker = second.next_key_marker;
  q.upload_id_marker = second.next_upload_id_marker;
  UploadsPage third = list(q);
  EXPECT_EQ(third.common_prefixes, (std::vector<std::string>{"c/"}));
  EXPECT_FALSE(third.truncated);
}

TEST_F(MultipartListTest, ExactlyFullPageIsNotTruncated) {
  create("a");
  create("b");
  UploadsPage page = list(query_of("", "", 2));
  EXPECT_EQ(page.uploads.size(), 2u);
  EXPECT_FALSE(page.truncated);
}

TEST_F(MultipartListTest, AbortedUploadsAreNotListed) {
  std::string gone = create("a");
  std::string kept = create("a");
  ASSERT_TRUE(backend_->abort_upload("b", "a", gone));
  EXPECT_EQ(ids(list({})), (std::vector<std::string>{kept}));
}

TEST_F(MultipartListTest, UploadsOfOtherBucketsAreNotListed) {
  make_bucket("other");
  MultipartUpload u;
  u.bucket = "other";
  u.key = "k";
  ASSERT_TRUE(backend_->create_upload(u));
  EXPECT_TRUE(list({}).uploads.empty());
}

TEST_F(MultipartListTest, ListingAMissingBucketIsNoSuchBucket) {
  auto r = backend_->list_uploads("missing", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchBucket);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
