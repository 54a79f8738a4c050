// Bucket operations through app::Application, without sockets (AppHarness): what each handler
// answers, and what the operations table makes dispatch do around them (integrity rules,
// NotImplemented rows, MethodNotAllowed).
#include <gtest/gtest.h>

#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;
using testing::content_md5;

const std::string kCors =
    "<CORSConfiguration><CORSRule><AllowedOrigin>https://example.com</AllowedOrigin>"
    "<AllowedMethod>PUT</AllowedMethod></CORSRule></CORSConfiguration>";

TEST(BucketHandlers, CreateHeadListDelete) {
  AppHarness app;
  auto created = app.put("/media");
  EXPECT_EQ(created.status, 200);
  EXPECT_EQ(created.header("Location"), "/media");
  auto head = app.send("HEAD", "/media");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("x-amz-bucket-region"), "us-east-1");
  auto listed = app.get("/");
  EXPECT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("<Name>media</Name>"), std::string::npos) << listed.body;
  EXPECT_EQ(app.send("DELETE", "/media").status, 204);
  EXPECT_EQ(app.send("HEAD", "/media").status, 404);
}

TEST(BucketHandlers, CreateBucketReadsItsConfigurationDocument) {
  AppHarness app;
  auto created = app.put("/eu-bucket",
                         "<CreateBucketConfiguration><LocationConstraint>eu-central-1"
                         "</LocationConstraint></CreateBucketConfiguration>");
  ASSERT_EQ(created.status, 200) << created.body;
  auto location = app.get("/eu-bucket?location");
  EXPECT_NE(location.body.find("eu-central-1"), std::string::npos) << location.body;
}

TEST(BucketHandlers, InvalidBucketNameIsRefused) {
  AppHarness app;
  auto created = app.put("/Not_Valid");
  EXPECT_EQ(created.status, 400);
  EXPECT_EQ(created.error_code(), "InvalidBucketName");
}

TEST(BucketHandlers, DeleteOfNonEmptyBucketIsBucketNotEmpty) {
  AppHarness app;
  app.put("/bkt");
  app.put("/bkt/k", "x");
  auto deleted = app.send("DELETE", "/bkt");
  EXPECT_EQ(deleted.status, 409);
  EXPECT_EQ(deleted.error_code(), "BucketNotEmpty");
}

TEST(BucketHandlers, PutBucketCorsNeedsAnIntegrityHeaderAsTheTableSays) {
  AppHarness app;
  app.put("/bkt");
  auto refused = app.put("/bkt?cors", kCors);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.error_code(), "InvalidRequest");
  EXPECT_NE(refused.body.find("Missing required header for this request: Content-Md5"),
            std::string::npos);
  EXPECT_NE(refused.header("x-s3sandbox-diagnosis")->find("PutBucketCors needs Content-MD5"),
            std::string::npos);

  auto stored = app.put("/bkt?cors", kCors, {content_md5(kCors)});
  EXPECT_EQ(stored.status, 200) << stored.body;
  auto read = app.get("/bkt?cors");
  EXPECT_NE(read.body.find("https://example.com"), std::string::npos) << read.body;
  EXPECT_EQ(app.send("DELETE", "/bkt?cors").status, 204);
  EXPECT_EQ(app.get("/bkt?cors").error_code(), "NoSuchCORSConfiguration");
}

TEST(BucketHandlers, AWrongContentMd5IsBadDigestAndNothingIsStored) {
  AppHarness app;
  app.put("/bkt");
  auto refused = app.put("/bkt?cors", kCors, {content_md5("something else")});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.error_code(), "BadDigest");
  EXPECT_EQ(app.get("/bkt?cors").error_code(), "NoSuchCORSConfiguration");
}

TEST(BucketHandlers, DeleteObjectsNeedsAnIntegrityHeaderAndDeletes) {
  AppHarness app;
  app.put("/bkt");
  app.put("/bkt/one", "1");
  app.put("/bkt/two", "2");
  const std::string doc =
      "<Delete><Object><Key>one</Key></Object><Object><Key>two</Key></Object></Delete>";
  EXPECT_EQ(app.send("POST", "/bkt?delete", doc).error_code(), "InvalidRequest");
  EXPECT_EQ(app.get("/bkt/one").status, 200);
  auto deleted = app.send("POST", "/bkt?delete", doc, {content_md5(doc)});
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_NE(deleted.body.find("<Deleted><Key>one</Key></Deleted>"), std::string::npos)
      << deleted.body;
  EXPECT_EQ(app.get("/bkt/one").status, 404);
  EXPECT_EQ(app.get("/bkt/two").status, 404);
}

TEST(BucketHandlers, DeleteObjectsOnAMissingBucketIsNoSuchBucket) {
  AppHarness app;
  const std::string doc = "<Delete><Object><Key>one</Key></Object></Delete>";
  auto r = app.send("POST", "/nope?delete", doc, {content_md5(doc)});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "NoSuchBucket");
}

TEST(BucketHandlers, ListObjectsV1AndV2) {
  AppHarness app;
  app.put("/bkt");
  app.put("/bkt/a/1", "x");
  app.put("/bkt/a/2", "y");
  app.put("/bkt/c", "z");
  auto v2 = app.get("/bkt?list-type=2&delimiter=%2F");
  ASSERT_EQ(v2.status, 200);
  EXPECT_NE(v2.body.find("<KeyCount>2</KeyCount>"), std::string::npos) << v2.body;
  EXPECT_NE(v2.body.find("<Prefix>a/</Prefix>"), std::string::npos) << v2.body;
  auto v1 = app.get("/bkt?prefix=a%2F");
  ASSERT_EQ(v1.status, 200);
  EXPECT_NE(v1.body.find("<Key>a/1</Key>"), std::string::npos) << v1.body;
  EXPECT_EQ(v1.body.find("<Key>c</Key>"), std::string::npos) << v1.body;
}

TEST(BucketHandlers, ATableRowWithoutAnImplementationIsNotImplementedByName) {
  AppHarness app;
  app.put("/bkt");
  auto r = app.get("/bkt?website");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.error_code(), "NotImplemented");
  EXPECT_NE(r.header("x-s3sandbox-diagnosis")->find("GetBucketWebsite (?website)"),
            std::string::npos)
      << *r.header("x-s3sandbox-diagnosis");
}

TEST(BucketHandlers, AMethodTheTableDoesNotListIsMethodNotAllowed) {
  AppHarness app;
  app.put("/bkt");
  auto r = app.send("POST", "/bkt?cors");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.error_code(), "MethodNotAllowed");
}

}  // namespace
}  // namespace s3sandbox::app
