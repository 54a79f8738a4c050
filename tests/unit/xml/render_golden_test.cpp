// Every response document rendered from fixed inputs and compared byte for byte with a golden
// file in tests/data/xml/, written by hand from the S3 API reference examples and sampled S3
// responses (compact form, one '\n' after the declaration, ETag quotes as &quot;).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {
namespace {

std::string golden(const std::string& name) {
  std::ifstream in(std::string(S3SANDBOX_TEST_DATA) + "/xml/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "missing golden file " << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

core::TimePoint at(std::int64_t epoch_seconds) {
  return core::TimePoint(std::chrono::seconds(epoch_seconds));
}

storage::ObjectMeta object(std::string key, core::TimePoint modified, std::string etag,
                           std::uint64_t size, std::string storage_class = "STANDARD") {
  storage::ObjectMeta m;
  m.key = std::move(key);
  m.last_modified = modified;
  m.etag = std::move(etag);
  m.size = size;
  m.storage_class = std::move(storage_class);
  return m;
}

const Owner kDocsOwner{"75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a",
                       "mtd@amazon.com"};
// Owners as S3 now sends them: an ID and no DisplayName.
const Owner kIdOnlyOwner{"78bfabc0437c878363bcf10ecff51bdfada2cf453437923e11c249d047ca5da9", ""};

TEST(RenderGoldenTest, ErrorNoSuchKey) {
  core::S3Error e = core::S3Error(core::ErrorCode::kNoSuchKey).with("Key", "not-there");
  EXPECT_EQ(
      render_error(e, "", "T0HLMOBVD5RIWGOM",
                   "h+n2lhSA0AwatGPHV8qQlz4yDbaPKVJdBkwM+7fsV84AeKVlupffFt2cdKi1D31hVHPZkm2jsLg="),
      golden("error_no_such_key.xml"));
}

TEST(RenderGoldenTest, ErrorWithFieldsResourceAndDiagnosis) {
  core::S3Error e =
      core::S3Error(core::ErrorCode::kSignatureDoesNotMatch,
                    "The request signature we calculated does not match the signature you "
                    "provided. Check your key and signing method.")
          .with("AWSAccessKeyId", "AKIAIOSFODNN7EXAMPLE")
          .with("StringToSign",
                "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972")
          .with("SignatureProvided",
                "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
          .because(
              "the URL was signed for host \"a.localhost\" but sent to <b.localhost> & "
              "refused");
  EXPECT_EQ(render_error(e, "/examplebucket/test.txt", "4442587FB7D0A2F9", "host-id"),
            golden("error_signature_with_diagnosis.xml"));
}

TEST(RenderGoldenTest, ListBuckets) {
  std::vector<storage::BucketInfo> buckets = {{"quotes", at(1138985109), ""},
                                              {"samples", at(1138984918), "eu-west-1"}};
  EXPECT_EQ(render_list_buckets(buckets, {"bcaf1ffd86f461ca5fb16fd081034f", "webfile"}),
            golden("list_buckets.xml"));
}

TEST(RenderGoldenTest, ListBucketsEmpty) {
  EXPECT_EQ(render_list_buckets({}, {"bcaf1ffd86f461ca5fb16fd081034f", "webfile"}),
            golden("list_buckets_empty.xml"));
}

TEST(RenderGoldenTest, LocationOfEuWest1) {
  EXPECT_EQ(render_location("eu-west-1"), golden("location_eu_west_1.xml"));
}

TEST(RenderGoldenTest, LocationOfUsEast1IsEmptyElement) {
  EXPECT_EQ(render_location("us-east-1"), golden("location_us_east_1.xml"));
  EXPECT_EQ(render_location(""), golden("location_us_east_1.xml"));
}

TEST(RenderGoldenTest, ListObjectsV1) {
  ListV1Params p;
  p.bucket = "bucket";
  storage::ListPage page;
  page.objects = {
      object("my-image.jpg", at(1255369830), "fba9dede5f27731c9771645a39863328", 434234)};
  EXPECT_EQ(render_list_objects_v1(p, page, kDocsOwner), golden("list_v1.xml"));
}

TEST(RenderGoldenTest, ListObjectsV1DelimiterTruncatedHasNextMarker) {
  ListV1Params p;
  p.bucket = "example-bucket";
  p.prefix = "photos/2006/";
  p.delimiter = "/";
  p.max_keys = 1;
  p.next_marker = "photos/2006/February/";
  storage::ListPage page;
  page.common_prefixes = {"photos/2006/February/"};
  page.truncated = true;
  EXPECT_EQ(render_list_objects_v1(p, page, kDocsOwner), golden("list_v1_delimiter_truncated.xml"));
}

TEST(RenderGoldenTest, ListObjectsV1UrlEncoded) {
  ListV1Params p;
  p.bucket = "media";
  p.prefix = "run books/";
  p.marker = "run books/a+b";
  p.delimiter = "/";
  p.encoding_type = "url";
  storage::ListPage page;
  page.objects = {
      object("run books/test_file(3).png", at(1748849821), "63672849a4c5d6bf55e0711ac251a91d", 83),
      object("run books/\xC3\xA9t\xC3\xA9 & <more>.txt", at(1748849821),
             "d41d8cd98f00b204e9800998ecf8427e", 0)};
  page.objects[0].checksums = {{"CRC64NVME", "7yYJGDnw2l0="}};
  page.objects[0].checksum_type = "FULL_OBJECT";
  page.common_prefixes = {"run books/sub dir/"};
  EXPECT_EQ(render_list_objects_v1(p, page, kIdOnlyOwner), golden("list_v1_url_encoded.xml"));
}

TEST(RenderGoldenTest, ListObjectsV2WithStartAfter) {
  ListV2Params p;
  p.bucket = "quotes";
  p.prefix = "E";
  p.start_after = "ExampleGuide.pdf";
  p.max_keys = 3;
  storage::ListPage page;
  page.objects = {object("ExampleObject.txt", at(1379441273), "599bab3ed2c697f1d26842727561fd94",
                         857, "REDUCED_REDUNDANCY")};
  EXPECT_EQ(render_list_objects_v2(p, page, kDocsOwner), golden("list_v2.xml"));
}

TEST(RenderGoldenTest, ListObjectsV2WithDelimiter) {
  ListV2Params p;
  p.bucket = "example-bucket";
  p.delimiter = "/";
  storage::ListPage page;
  page.objects = {object("sample.jpg", at(1298685380), "bf1d737a4d46a19f3bced6905cc8b902", 142863)};
  page.common_prefixes = {"photos/"};
  EXPECT_EQ(render_list_objects_v2(p, page, kDocsOwner), golden("list_v2_delimiter.xml"));
}

TEST(RenderGoldenTest, ListObjectsV2Truncated) {
  ListV2Params p;
  p.bucket = "bucket";
  p.max_keys = 1;
  p.next_continuation_token = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=";
  storage::ListPage page;
  page.objects = {object("happyface.jpg", at(1416598805), "70ee1738b6b21e2c8a43f3a5ab0eee71", 11)};
  page.truncated = true;
  EXPECT_EQ(render_list_objects_v2(p, page, kDocsOwner), golden("list_v2_truncated.xml"));
}

TEST(RenderGoldenTest, ListObjectsV2Continued) {
  ListV2Params p;
  p.bucket = "bucket";
  p.continuation_token = "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=";
  storage::ListPage page;
  page.objects = {
      object("happyfacex.jpg", at(1416598805), "70ee1738b6b21e2c8a43f3a5ab0eee71", 1111)};
  EXPECT_EQ(render_list_objects_v2(p, page, kDocsOwner), golden("list_v2_continued.xml"));
}

TEST(RenderGoldenTest, ListObjectsV2FetchOwnerChecksumsAndEncoding) {
  ListV2Params p;
  p.bucket = "gbif-open-data-af-south-1";
  p.prefix = "occurrence/2025-06-01/";
  p.delimiter = "/";
  p.encoding_type = "url";
  p.fetch_owner = true;
  storage::ListPage page;
  page.objects = {object("occurrence/2025-06-01/citation.txt", at(1748849821),
                         "63672849a4c5d6bf55e0711ac251a91d", 83)};
  page.objects[0].checksums = {{"CRC64NVME", "7yYJGDnw2l0="}};
  page.objects[0].checksum_type = "FULL_OBJECT";
  page.common_prefixes = {"occurrence/2025-06-01/occurrence.parquet/"};
  EXPECT_EQ(render_list_objects_v2(p, page, kIdOnlyOwner),
            golden("list_v2_owner_checksum_url.xml"));
}

TEST(RenderGoldenTest, CopyObjectResult) {
  EXPECT_EQ(render_copy_object_result("9b2cf535f27731c974343645a3985328", at(1255369830)),
            golden("copy_object_result.xml"));
}

const std::vector<DeleteOutcome> kOutcomes = {
    {"sample1.txt", true, "", "", "", false, ""},
    {"sample2.txt", false, "AccessDenied", "Access Denied", "", false, ""},
};

TEST(RenderGoldenTest, DeleteResult) {
  EXPECT_EQ(render_delete_result(kOutcomes, false), golden("delete_result.xml"));
}

TEST(RenderGoldenTest, DeleteResultQuietKeepsOnlyErrors) {
  EXPECT_EQ(render_delete_result(kOutcomes, true), golden("delete_result_quiet.xml"));
}

TEST(RenderGoldenTest, DeleteResultQuietAllDeleted) {
  EXPECT_EQ(render_delete_result({kOutcomes[0]}, true),
            golden("delete_result_quiet_all_deleted.xml"));
}

}  // namespace
}  // namespace s3sandbox::xml
