// Importing a fixtures folder: nested keys, sidecars, content types, invalid bucket dirs.
#include "s3sandbox/storage/fixtures.hpp"

#include <fstream>

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

class FixturesTest : public StorageTest {
 protected:
  std::filesystem::path fixtures() const { return tmp_.path() / "fixtures"; }
  void write(const std::string& rel, std::string_view content) {
    std::filesystem::path p = fixtures() / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::vector<std::string> keys(const std::string& bucket) {
    std::vector<std::string> out;
    auto page = backend_->list_objects(bucket, ListQuery{});
    if (page) {
      for (const auto& o : page->objects) out.push_back(o.key);
    }
    return out;
  }
};

TEST_F(FixturesTest, NestedFilesBecomeKeysWithSlashes) {
  write("site/index.html", "<html></html>");
  write("site/img/logo.png", "png");
  write("site/a/b/c/deep.txt", "deep");
  auto n = import_fixtures(*backend_, fixtures());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 3u);
  EXPECT_EQ(keys("site"),
            (std::vector<std::string>{"a/b/c/deep.txt", "img/logo.png", "index.html"}));
  EXPECT_EQ(read("site", "a/b/c/deep.txt"), "deep");
}

TEST_F(FixturesTest, MissingBucketsAreCreatedAndExistingOnesReused) {
  make_bucket("existing");
  write("existing/x.txt", "x");
  write("fresh/y.txt", "y");
  ASSERT_TRUE(import_fixtures(*backend_, fixtures()));
  EXPECT_TRUE(backend_->get_bucket("fresh"));
  EXPECT_EQ(read("existing", "x.txt"), "x");
}

TEST_F(FixturesTest, ContentTypeIsGuessedFromExtension) {
  write("bkt/page.html", "");
  write("bkt/photo.JPG", "");
  write("bkt/data.json", "");
  write("bkt/no-extension", "");
  write("bkt/archive.tar.zst", "");
  ASSERT_TRUE(import_fixtures(*backend_, fixtures()));
  EXPECT_EQ(backend_->head_object("bkt", "page.html")->content.content_type, "text/html");
  EXPECT_EQ(backend_->head_object("bkt", "photo.JPG")->content.content_type, "image/jpeg");
  EXPECT_EQ(backend_->head_object("bkt", "data.json")->content.content_type, "application/json");
  EXPECT_EQ(backend_->head_object("bkt", "no-extension")->content.content_type,
            "binary/octet-stream");
  EXPECT_EQ(backend_->head_object("bkt", "archive.tar.zst")->content.content_type,
            "binary/octet-stream");
}

TEST_F(FixturesTest, GuessCoversTheCommonWebTypes) {
  EXPECT_EQ(guess_content_type("a.txt"), "text/plain");
  EXPECT_EQ(guess_content_type("a.css"), "text/css");
  EXPECT_EQ(guess_content_type("a.js"), "text/javascript");
  EXPECT_EQ(guess_content_type("a.png"), "image/png");
  EXPECT_EQ(guess_content_type("a.jpeg"), "image/jpeg");
  EXPECT_EQ(guess_content_type("a.gif"), "image/gif");
  EXPECT_EQ(guess_content_type("a.svg"), "image/svg+xml");
  EXPECT_EQ(guess_content_type("a.webp"), "image/webp");
  EXPECT_EQ(guess_content_type("a.pdf"), "application/pdf");
  EXPECT_EQ(guess_content_type("a.mp4"), "video/mp4");
  EXPECT_EQ(guess_content_type("a.xml"), "application/xml");
  EXPECT_EQ(guess_content_type("a.csv"), "text/csv");
}

TEST_F(FixturesTest, SidecarSetsHeadersAndMetadataAndIsNotImported) {
  write("bkt/report.json", "{}");
  write("bkt/report.json.s3meta.json",
        R"({"ContentType": "application/vnd.report+json", "CacheControl": "max-age=60",
            "Metadata": {"Owner": "qa", "build": "42"}})");
  auto n = import_fixtures(*backend_, fixtures());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  EXPECT_EQ(keys("bkt"), (std::vector<std::string>{"report.json"}));
  auto h = backend_->head_object("bkt", "report.json");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->content.content_type, "application/vnd.report+json");
  EXPECT_EQ(h->content.cache_control, "max-age=60");
  using Meta = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(h->user_metadata, (Meta{{"build", "42"}, {"owner", "qa"}}));
}

TEST_F(FixturesTest, MalformedSidecarStopsTheImport) {
  write("bkt/x.txt", "x");
  write("bkt/x.txt.s3meta.json", "{not json");
  auto n = import_fixtures(*backend_, fixtures());
  EXPECT_FALSE(n);
}

TEST_F(FixturesTest, InvalidBucketDirectoriesAreSkipped) {
  write("Invalid_Bucket/x.txt", "x");
  write("ab/x.txt", "too short");
  write("-dash/x.txt", "x");
  write("good-bucket/x.txt", "x");
  auto n = import_fixtures(*backend_, fixtures());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  auto buckets = backend_->list_buckets();
  ASSERT_TRUE(buckets);
  ASSERT_EQ(buckets->size(), 1u);
  EXPECT_EQ((*buckets)[0].name, "good-bucket");
}

TEST_F(FixturesTest, FilesAtTheTopLevelAreIgnored) {
  write("README.md", "not a bucket");
  auto n = import_fixtures(*backend_, fixtures());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0u);
}

TEST_F(FixturesTest, LargeFileKeepsBytesAndEtag) {
  std::string body(300 * 1024 + 7, 'z');
  for (std::size_t i = 0; i < body.size(); i += 97) body[i] = static_cast<char>(i % 256);
  write("bkt/blob.bin", body);
  ASSERT_TRUE(import_fixtures(*backend_, fixtures()));
  EXPECT_EQ(backend_->head_object("bkt", "blob.bin")->etag, crypto::hex_encode(crypto::md5(body)));
  EXPECT_EQ(read("bkt", "blob.bin"), body);
}

TEST_F(FixturesTest, MissingFixturesDirIsAnError) {
  EXPECT_FALSE(import_fixtures(*backend_, fixtures() / "nope"));
}

TEST(FixtureBucketNameTest, FollowsTheSimpleRule) {
  EXPECT_TRUE(is_fixture_bucket_name("abc"));
  EXPECT_TRUE(is_fixture_bucket_name("my.bucket-1"));
  EXPECT_TRUE(is_fixture_bucket_name(std::string(63, 'a')));
  EXPECT_FALSE(is_fixture_bucket_name(std::string(64, 'a')));
  EXPECT_FALSE(is_fixture_bucket_name("ab"));
  EXPECT_FALSE(is_fixture_bucket_name("Abc"));
  EXPECT_FALSE(is_fixture_bucket_name("abc-"));
  EXPECT_FALSE(is_fixture_bucket_name(".abc"));
  EXPECT_FALSE(is_fixture_bucket_name("a_b_c"));
}

}  // namespace
}  // namespace s3sandbox::storage::testing
