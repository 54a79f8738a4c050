// Issue #17 parts 5, 7, 8 and 10 through app::Application (AppHarness): headers refused rather
// than dropped, Content-Encoding kept as sent, website redirects, encryption headers and the
// bucket's default encryption, SSE-C, bucket tagging, ListBuckets' paging.
#include <gtest/gtest.h>

#include "app/account_id.hpp"
#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;
using testing::content_md5;

const std::string kKey(32, 'k');
std::vector<core::Header> ssec(const std::string& key = kKey,
                               const std::string& prefix = "x-amz-server-side-encryption-") {
  return {{prefix + "customer-algorithm", "AES256"},
          {prefix + "customer-key", crypto::base64_encode(key)},
          {prefix + "customer-key-MD5", crypto::base64_encode(crypto::md5(key))}};
}

const std::string kAllowSsec =
    "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
    "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
    "<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType></BlockedEncryptionTypes>"
    "</Rule></ServerSideEncryptionConfiguration>";

AppOptions ssec_over_http() {
  AppOptions o;
  o.allow_ssec_over_http = true;
  return o;
}

class BreadthHandlers : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(app.put("/bkt").status, 200); }
  AppHarness app{ssec_over_http()};
};

TEST_F(BreadthHandlers, ObjectLockHeadersAreRefusedNotDropped) {
  auto r = app.put("/bkt/k", "x", {{"x-amz-object-lock-mode", "GOVERNANCE"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "InvalidRequest");
  EXPECT_NE(r.body.find("Bucket is missing ObjectLockConfiguration"), std::string::npos);
  EXPECT_NE(r.header("x-s3sandbox-diagnosis")->find("x-amz-object-lock-mode"), std::string::npos);
  EXPECT_EQ(app.send("HEAD", "/bkt/k").status, 404);  // nothing stored
  auto legal = app.send("POST", "/bkt/k?uploads", {}, {{"x-amz-object-lock-legal-hold", "ON"}});
  EXPECT_EQ(legal.status, 400);
  auto bucket = app.put("/locked", {}, {{"x-amz-bucket-object-lock-enabled", "true"}});
  EXPECT_EQ(bucket.status, 501);
  EXPECT_EQ(bucket.error_code(), "NotImplemented");
  EXPECT_NE(bucket.body.find("A header you provided implies functionality that is not "
                             "implemented"),
            std::string::npos);
  EXPECT_EQ(app.send("HEAD", "/locked").status, 404);
  EXPECT_EQ(app.put("/unlocked", {}, {{"x-amz-bucket-object-lock-enabled", "false"}}).status, 200);
}

TEST_F(BreadthHandlers, AccountIdIsTwelveStableDigits) {
  const std::string id = account_id_for("AKIDEXAMPLE");
  EXPECT_EQ(id.size(), 12u);
  EXPECT_EQ(id.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(id, account_id_for("AKIDEXAMPLE"));
  EXPECT_NE(id, account_id_for("AKIDOTHER"));
}

TEST_F(BreadthHandlers, RequestPayerIsAcceptedAndWebsiteRedirectKept) {
  auto put = app.put(
      "/bkt/k", "x",
      {{"x-amz-request-payer", "requester"}, {"x-amz-website-redirect-location", "/other.html"}});
  ASSERT_EQ(put.status, 200) << put.body;
  auto head = app.send("HEAD", "/bkt/k");
  EXPECT_EQ(head.header("x-amz-website-redirect-location"), "/other.html");
  auto bad = app.put("/bkt/k2", "x", {{"x-amz-website-redirect-location", "other.html"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_code(), "InvalidArgument");
}

TEST_F(BreadthHandlers, ContentEncodingComesBackAsSent) {
  ASSERT_EQ(app.put("/bkt/k", "x", {{"Content-Encoding", "deflate, gzip"}}).status, 200);
  EXPECT_EQ(app.send("HEAD", "/bkt/k").header("Content-Encoding"), "deflate, gzip");
}

TEST_F(BreadthHandlers, EverythingIsSseS3ByDefaultAndKmsIsEchoed) {
  auto put = app.put("/bkt/k", "x");
  EXPECT_EQ(put.header("x-amz-server-side-encryption"), "AES256");
  EXPECT_EQ(app.get("/bkt/k").header("x-amz-server-side-encryption"), "AES256");
  auto kms = app.put("/bkt/kms", "x",
                     {{"x-amz-server-side-encryption", "aws:kms"},
                      {"x-amz-server-side-encryption-bucket-key-enabled", "true"}});
  ASSERT_EQ(kms.status, 200) << kms.body;
  EXPECT_EQ(kms.header("x-amz-server-side-encryption"), "aws:kms");
  EXPECT_EQ(kms.header("x-amz-server-side-encryption-aws-kms-key-id")->rfind("arn:aws:kms:", 0),
            0u);
  auto head = app.send("HEAD", "/bkt/kms");
  EXPECT_EQ(head.header("x-amz-server-side-encryption"), "aws:kms");
  EXPECT_EQ(head.header("x-amz-server-side-encryption-bucket-key-enabled"), "true");
  auto bad = app.put("/bkt/bad", "x", {{"x-amz-server-side-encryption", "AES512"}});
  EXPECT_EQ(bad.status, 400);
  auto key_without_kms =
      app.put("/bkt/bad", "x", {{"x-amz-server-side-encryption-aws-kms-key-id", "abc"}});
  EXPECT_EQ(key_without_kms.status, 400);
}

TEST_F(BreadthHandlers, BucketEncryptionDefaultsAndRoundTrip) {
  auto got = app.get("/bkt?encryption");
  ASSERT_EQ(got.status, 200);
  EXPECT_NE(got.body.find("<SSEAlgorithm>AES256</SSEAlgorithm>"), std::string::npos);
  EXPECT_NE(got.body.find("<EncryptionType>SSE-C</EncryptionType>"), std::string::npos);
  const std::string kms =
      "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
      "<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>my-key</KMSMasterKeyID>"
      "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
      "</ServerSideEncryptionConfiguration>";
  auto put = app.put("/bkt?encryption", kms, {content_md5(kms)});
  ASSERT_EQ(put.status, 200) << put.body;
  auto obj = app.put("/bkt/k", "x");
  EXPECT_EQ(obj.header("x-amz-server-side-encryption"), "aws:kms");
  EXPECT_NE(obj.header("x-amz-server-side-encryption-aws-kms-key-id")->find(":key/my-key"),
            std::string::npos);
  EXPECT_EQ(app.send("DELETE", "/bkt?encryption").status, 204);
  EXPECT_EQ(app.put("/bkt/k", "x").header("x-amz-server-side-encryption"), "AES256");
  const std::string bad =
      "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
      "<SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>"
      "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>";
  EXPECT_EQ(app.put("/bkt?encryption", bad, {content_md5(bad)}).status, 400);
}

TEST_F(BreadthHandlers, SseCIsBlockedOnNewBucketsThenChecked) {
  auto blocked = app.put("/bkt/c", "secret", ssec());
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.header("x-s3sandbox-diagnosis")->find("BlockedEncryptionTypes"),
            std::string::npos);
  ASSERT_EQ(app.put("/bkt?encryption", kAllowSsec, {content_md5(kAllowSsec)}).status, 200);
  auto put = app.put("/bkt/c", "secret", ssec());
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.header("x-amz-server-side-encryption-customer-algorithm"), "AES256");
  EXPECT_FALSE(put.header("x-amz-server-side-encryption"));

  auto without = app.get("/bkt/c");
  EXPECT_EQ(without.status, 400);
  EXPECT_EQ(without.error_code(), "InvalidRequest");
  auto wrong = app.get("/bkt/c", ssec(std::string(32, 'w')));
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(app.get("/bkt/c?attributes", {{"x-amz-object-attributes", "ETag"}}).status, 400);
  auto attributes_headers = ssec();
  attributes_headers.push_back({"x-amz-object-attributes", "ETag"});
  EXPECT_EQ(app.get("/bkt/c?attributes", attributes_headers).status, 200);
  auto right = app.get("/bkt/c", ssec());
  EXPECT_EQ(right.status, 200);
  EXPECT_EQ(right.body, "secret");
  // The key is never stored, only its salted hash.
  auto meta = app.backend().head_object("bkt", "c");
  ASSERT_TRUE(meta);
  for (const auto& [name, value] : meta->settings) {
    EXPECT_EQ(value.find(crypto::base64_encode(kKey)), std::string::npos) << name;
    EXPECT_EQ(value.find(kKey), std::string::npos) << name;
  }
  // A plain object read with a key: not applicable.
  ASSERT_EQ(app.put("/bkt/plain", "x").status, 200);
  EXPECT_EQ(app.get("/bkt/plain", ssec()).status, 400);
  // Copying needs the source's key.
  EXPECT_EQ(app.put("/bkt/copy", {}, {{"x-amz-copy-source", "/bkt/c"}}).status, 400);
  auto headers = ssec(kKey, "x-amz-copy-source-server-side-encryption-");
  headers.push_back({"x-amz-copy-source", "/bkt/c"});
  auto copied = app.put("/bkt/copy", {}, headers);
  EXPECT_EQ(copied.status, 200) << copied.body;
  EXPECT_EQ(copied.header("x-amz-server-side-encryption"), "AES256");
}

TEST_F(BreadthHandlers, SseCKeyAndMd5AreValidated) {
  ASSERT_EQ(app.put("/bkt?encryption", kAllowSsec, {content_md5(kAllowSsec)}).status, 200);
  auto h = ssec();
  h[2].value = crypto::base64_encode(crypto::md5("other"));
  EXPECT_EQ(app.put("/bkt/c", "x", h).error_code(), "InvalidArgument");
  auto short_key = ssec(std::string(16, 'k'));
  EXPECT_EQ(app.put("/bkt/c", "x", short_key).error_code(), "InvalidArgument");
  auto algorithm = ssec();
  algorithm[0].value = "AES128";
  EXPECT_EQ(app.put("/bkt/c", "x", algorithm).error_code(), "InvalidEncryptionAlgorithmError");
}

TEST(BreadthHandlersHttp, SseCOverPlainHttpIsRefusedNamingTheFlag) {
  AppHarness app;
  ASSERT_EQ(app.put("/bkt").status, 200);
  ASSERT_EQ(app.put("/bkt?encryption", kAllowSsec, {content_md5(kAllowSsec)}).status, 200);
  auto r = app.put("/bkt/c", "x", ssec());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "InvalidRequest");
  EXPECT_NE(r.header("x-s3sandbox-diagnosis")->find("--allow-ssec-over-http"), std::string::npos);
}

TEST_F(BreadthHandlers, MultipartPartsNeedTheUploadsSseCKey) {
  ASSERT_EQ(app.put("/bkt?encryption", kAllowSsec, {content_md5(kAllowSsec)}).status, 200);
  auto created = app.send("POST", "/bkt/mp?uploads", {}, ssec());
  ASSERT_EQ(created.status, 200) << created.body;
  auto open = created.body.find("<UploadId>");
  auto id = created.body.substr(open + 10, created.body.find("</UploadId>") - open - 10);
  EXPECT_EQ(app.put("/bkt/mp?partNumber=1&uploadId=" + id, "part").status, 400);
  auto part = app.put("/bkt/mp?partNumber=1&uploadId=" + id, "part", ssec());
  EXPECT_EQ(part.status, 200) << part.body;
  EXPECT_EQ(part.header("x-amz-server-side-encryption-customer-algorithm"), "AES256");
}

TEST_F(BreadthHandlers, BucketTaggingRoundTrip) {
  EXPECT_EQ(app.get("/bkt?tagging").error_code(), "NoSuchTagSet");
  const std::string doc =
      "<Tagging><TagSet><Tag><Key>team</Key><Value>media</Value></Tag></TagSet></Tagging>";
  auto put = app.put("/bkt?tagging", doc, {content_md5(doc)});
  ASSERT_EQ(put.status, 204) << put.body;
  auto got = app.get("/bkt?tagging");
  EXPECT_NE(got.body.find("<Key>team</Key><Value>media</Value>"), std::string::npos);
  const std::string dup =
      "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value>"
      "</Tag></TagSet></Tagging>";
  EXPECT_EQ(app.put("/bkt?tagging", dup, {content_md5(dup)}).error_code(), "InvalidTag");
  EXPECT_EQ(app.send("DELETE", "/bkt?tagging").status, 204);
  EXPECT_EQ(app.get("/bkt?tagging").status, 404);
}

TEST_F(BreadthHandlers, ListBucketsPagesAndFilters) {
  for (const char* b : {"/a-one", "/a-two", "/b-three"}) ASSERT_EQ(app.put(b).status, 200);
  auto first = app.get("/?max-buckets=2&prefix=a-");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_NE(first.body.find("<Name>a-one</Name>"), std::string::npos);
  EXPECT_EQ(first.body.find("<Name>bkt</Name>"), std::string::npos);
  EXPECT_NE(first.body.find("<BucketRegion>us-east-1</BucketRegion>"), std::string::npos);
  EXPECT_NE(first.body.find("<Prefix>a-</Prefix>"), std::string::npos);
  auto all = app.get("/?max-buckets=1");
  auto open = all.body.find("<ContinuationToken>");
  ASSERT_NE(open, std::string::npos) << all.body;
  auto token = all.body.substr(open + 19, all.body.find("</ContinuationToken>") - open - 19);
  auto next = app.get("/?max-buckets=10&continuation-token=" + token);
  EXPECT_EQ(next.body.find("<Name>a-one</Name>"), std::string::npos);
  EXPECT_NE(next.body.find("<Name>bkt</Name>"), std::string::npos);
  EXPECT_EQ(next.body.find("<ContinuationToken>"), std::string::npos);
  EXPECT_EQ(app.get("/?bucket-region=eu-west-1").body.find("<Name>"), std::string::npos);
  EXPECT_EQ(app.get("/?max-buckets=0").status, 400);
}

}  // namespace
}  // namespace s3sandbox::app
