// Versioning through app::Application (AppHarness): Put/GetBucketVersioning, the version
// headers of writes and reads, ?versionId= checks, delete markers (404 and 405), DeleteObjects
// with versions, and ListObjectVersions' document.
#include <gtest/gtest.h>

#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;
using testing::content_md5;

const std::string kEnabled =
    "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
const std::string kSuspended =
    "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";

class VersioningHandlers : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(app.put("/bkt").status, 200); }

  void set(const std::string& doc) {
    auto r = app.put("/bkt?versioning", doc, {content_md5(doc)});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::string put(const std::string& key, const std::string& body) {
    auto r = app.put("/bkt/" + key, body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.header("x-amz-version-id").value_or("");
  }

  AppHarness app;
};

TEST_F(VersioningHandlers, GetBucketVersioningOfANewBucketIsEmpty) {
  auto r = app.get("/bkt?versioning");
  ASSERT_EQ(r.status, 200);
  // S3's answer for a bucket never versioned: an empty document, no Status.
  EXPECT_NE(
      r.body.find("<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"),
      std::string::npos)
      << r.body;
  set(kEnabled);
  EXPECT_NE(app.get("/bkt?versioning").body.find("<Status>Enabled</Status>"), std::string::npos);
}

TEST_F(VersioningHandlers, PutBucketVersioningChecksItsDocument) {
  const std::string bad = "<VersioningConfiguration><Status>On</Status></VersioningConfiguration>";
  EXPECT_EQ(app.put("/bkt?versioning", bad, {content_md5(bad)}).error_code(), "MalformedXML");
  EXPECT_EQ(app.put("/bkt?versioning", kEnabled).status, 400);  // S3 requires an integrity check
  const std::string mfa =
      "<VersioningConfiguration><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete>"
      "</VersioningConfiguration>";
  auto r = app.put("/bkt?versioning", mfa, {content_md5(mfa)});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.error_code(), "AccessDenied");
}

TEST_F(VersioningHandlers, UnversionedBucketsSendNoVersionHeaders) {
  EXPECT_EQ(put("k", "1"), "");
  EXPECT_FALSE(app.get("/bkt/k").header("x-amz-version-id"));
  auto d = app.send("DELETE", "/bkt/k");
  EXPECT_EQ(d.status, 204);
  EXPECT_FALSE(d.header("x-amz-version-id"));
  EXPECT_FALSE(d.header("x-amz-delete-marker"));
}

TEST_F(VersioningHandlers, VersionsAreReadByIdAndBadIdsAreRefused) {
  put("k", "before");
  set(kEnabled);
  const std::string v1 = put("k", "one");
  const std::string v2 = put("k", "two");
  ASSERT_EQ(v1.size(), 32u);
  EXPECT_EQ(app.get("/bkt/k").header("x-amz-version-id"), v2);
  auto old = app.get("/bkt/k?versionId=" + v1);
  EXPECT_EQ(old.body, "one");
  EXPECT_EQ(old.header("x-amz-version-id"), v1);
  auto null = app.get("/bkt/k?versionId=null");
  EXPECT_EQ(null.body, "before");
  EXPECT_EQ(null.header("x-amz-version-id"), "null");
  auto bad = app.get("/bkt/k?versionId=xyz");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("Invalid version id specified"), std::string::npos) << bad.body;
  EXPECT_EQ(app.get("/bkt/k?versionId=").error_code(), "InvalidArgument");
  auto missing = app.get("/bkt/k?versionId=" + std::string(32, '0'));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.error_code(), "NoSuchVersion");
}

TEST_F(VersioningHandlers, DeleteMarkersAnswer404And405) {
  set(kEnabled);
  const std::string v1 = put("k", "one");
  auto d = app.send("DELETE", "/bkt/k");
  EXPECT_EQ(d.status, 204);
  EXPECT_EQ(d.header("x-amz-delete-marker"), "true");
  const std::string marker = d.header("x-amz-version-id").value_or("");
  ASSERT_EQ(marker.size(), 32u);

  auto latest = app.get("/bkt/k");
  EXPECT_EQ(latest.status, 404);
  EXPECT_EQ(latest.error_code(), "NoSuchKey");
  EXPECT_EQ(latest.header("x-amz-delete-marker"), "true");
  EXPECT_EQ(latest.header("x-amz-version-id"), marker);

  auto by_id = app.send("HEAD", "/bkt/k?versionId=" + marker);
  EXPECT_EQ(by_id.status, 405);
  EXPECT_EQ(by_id.header("x-amz-delete-marker"), "true");
  EXPECT_EQ(by_id.header("Allow"), "DELETE");
  EXPECT_TRUE(by_id.header("Last-Modified"));

  EXPECT_EQ(app.get("/bkt?list-type=2").body.find("<Contents>"), std::string::npos);
  auto removed = app.send("DELETE", "/bkt/k?versionId=" + marker);
  EXPECT_EQ(removed.header("x-amz-delete-marker"), "true");
  EXPECT_EQ(removed.header("x-amz-version-id"), marker);
  EXPECT_EQ(app.get("/bkt/k").body, "one");
  (void)v1;
}

TEST_F(VersioningHandlers, SuspendedWritesTheNullVersion) {
  set(kEnabled);
  put("k", "one");
  set(kSuspended);
  EXPECT_EQ(put("k", "two"), "");  // a Suspended PUT announces no version
  EXPECT_EQ(app.get("/bkt/k").header("x-amz-version-id"), "null");
  auto d = app.send("DELETE", "/bkt/k");
  EXPECT_EQ(d.header("x-amz-version-id"), "null");
  EXPECT_EQ(d.header("x-amz-delete-marker"), "true");
}

TEST_F(VersioningHandlers, ListObjectVersionsRendersVersionsAndMarkersInOrder) {
  set(kEnabled);
  const std::string v1 = put("a", "1");
  const std::string marker = app.send("DELETE", "/bkt/a").header("x-amz-version-id").value_or("");
  const std::string b1 = put("b", "2");
  auto r = app.get("/bkt?versions&max-keys=2");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto dm = r.body.find("<DeleteMarker><Key>a</Key><VersionId>" + marker +
                              "</VersionId><IsLatest>true</IsLatest>");
  const auto v = r.body.find("<Version><Key>a</Key><VersionId>" + v1 +
                             "</VersionId><IsLatest>false</IsLatest>");
  ASSERT_NE(dm, std::string::npos) << r.body;
  ASSERT_NE(v, std::string::npos) << r.body;
  EXPECT_LT(dm, v);
  EXPECT_NE(r.body.find("<IsTruncated>true</IsTruncated>"), std::string::npos);
  EXPECT_NE(r.body.find("<NextKeyMarker>a</NextKeyMarker><NextVersionIdMarker>" + v1 +
                        "</NextVersionIdMarker>"),
            std::string::npos)
      << r.body;
  auto next = app.get("/bkt?versions&key-marker=a&version-id-marker=" + v1);
  EXPECT_NE(next.body.find("<Key>b</Key><VersionId>" + b1), std::string::npos) << next.body;
  EXPECT_EQ(next.body.find("<Key>a</Key>"), std::string::npos);
  EXPECT_EQ(app.get("/bkt?versions&version-id-marker=" + v1).error_code(), "InvalidArgument");
}

TEST_F(VersioningHandlers, DeleteObjectsReportsVersionsAndMarkers) {
  set(kEnabled);
  const std::string v1 = put("a", "1");
  put("b", "2");
  const std::string doc = "<Delete><Object><Key>a</Key><VersionId>" + v1 +
                          "</VersionId></Object><Object><Key>b</Key></Object>"
                          "<Object><Key>c</Key><VersionId>bad</VersionId></Object></Delete>";
  auto r = app.send("POST", "/bkt?delete", doc, {content_md5(doc)});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<Deleted><Key>a</Key><VersionId>" + v1 + "</VersionId></Deleted>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<Deleted><Key>b</Key><DeleteMarker>true</DeleteMarker>"
                        "<DeleteMarkerVersionId>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<Error><Key>c</Key><VersionId>bad</VersionId><Code>NoSuchVersion</Code>"),
            std::string::npos)
      << r.body;
}

}  // namespace
}  // namespace s3sandbox::app
