// Versioning's reach into the other features, through app::Application (AppHarness):
// DeleteObjects authorized key by key (s3:DeleteObject / s3:DeleteObjectVersion on each object's
// ARN), object ACLs per version (GetObjectAcl / PutObjectAcl ?versionId=), and the versionId of
// event notifications.
#include <gtest/gtest.h>

#include <algorithm>

#include "app_harness.hpp"
#include "s3sandbox/app/event_sink.hpp"
#include "s3sandbox/app/lifecycle_evaluator.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;
using testing::content_md5;

std::string delete_doc(const std::vector<std::pair<std::string, std::string>>& objects,
                       bool quiet = false) {
  std::string doc = "<Delete>";
  if (quiet) doc += "<Quiet>true</Quiet>";
  for (const auto& [key, version] : objects) {
    doc += "<Object><Key>" + key + "</Key>";
    if (!version.empty()) doc += "<VersionId>" + version + "</VersionId>";
    doc += "</Object>";
  }
  return doc + "</Delete>";
}

// Strict mode: the harness signs nothing, so requests are anonymous and only the bucket policy
// lets them in: puts anywhere, deletes only under tmp/, and never a version's delete.
class PerKeyDelete : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::Backend& b = app.backend();
    ASSERT_TRUE(b.create_bucket("pub", ""));
    ASSERT_TRUE(b.put_bucket_versioning("pub", storage::VersioningStatus::kEnabled));
    ASSERT_TRUE(b.put_bucket_setting("pub", "public-access-block", "0000"));
    ASSERT_TRUE(b.put_bucket_setting(
        "pub", "policy",
        R"({"Version":"2012-10-17","Statement":[)"
        R"({"Sid":"Writes","Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::pub/*"},)"
        R"({"Sid":"TmpDeletes","Effect":"Allow","Principal":"*","Action":["s3:DeleteObject","s3:DeleteObjectVersion"],"Resource":"arn:aws:s3:::pub/tmp/*"},)"
        R"({"Sid":"KeepVersions","Effect":"Deny","Principal":"*","Action":"s3:DeleteObjectVersion","Resource":"arn:aws:s3:::pub/*"}]})"));
  }
  std::string put(const std::string& key) {
    auto r = app.put("/pub/" + key, "x");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.header("x-amz-version-id").value_or("");
  }
  testing::Reply post(const std::string& doc) {
    return app.send("POST", "/pub?delete", doc, {content_md5(doc)});
  }
  AppHarness app{AppOptions{}, auth::AuthMode::kStrict};
};

TEST_F(PerKeyDelete, EachKeyIsAuthorizedOnItsOwn) {
  const std::string v1 = put("tmp/a");
  put("tmp/b");
  put("keep/c");
  auto r = post(delete_doc({{"tmp/a", v1}, {"tmp/b", ""}, {"keep/c", ""}}));
  ASSERT_EQ(r.status, 200) << r.body;
  // A version's delete is denied everywhere: AccessDenied for that object, naming its version.
  EXPECT_NE(r.body.find("<Error><Key>tmp/a</Key><VersionId>" + v1 +
                        "</VersionId><Code>AccessDenied</Code><Message>Access Denied"),
            std::string::npos)
      << r.body;
  // A plain delete under tmp/ is allowed: a delete marker.
  EXPECT_NE(r.body.find("<Deleted><Key>tmp/b</Key><DeleteMarker>true</DeleteMarker>"),
            std::string::npos)
      << r.body;
  // Outside tmp/ nothing allows s3:DeleteObject.
  EXPECT_NE(r.body.find("<Error><Key>keep/c</Key><Code>AccessDenied</Code>"), std::string::npos)
      << r.body;
  // The refusals explain themselves: the statement that denied, and the header says which key.
  EXPECT_NE(r.body.find("KeepVersions"), std::string::npos) << r.body;
  auto diagnosis = r.header("x-s3sandbox-diagnosis");
  ASSERT_TRUE(diagnosis);
  EXPECT_NE(diagnosis->find("refused 2 of 3 keys"), std::string::npos) << *diagnosis;
  EXPECT_NE(diagnosis->find("'tmp/a' version " + v1), std::string::npos) << *diagnosis;
  // What was refused is still there; what was allowed is not.
  EXPECT_EQ(app.backend().head_object_version("pub", "tmp/a", v1)->version_id, v1);
  EXPECT_TRUE(app.backend().head_object("pub", "keep/c"));
  EXPECT_FALSE(app.backend().head_object("pub", "tmp/b"));
}

TEST_F(PerKeyDelete, QuietModeListsOnlyTheRefusedKeys) {
  const std::string v1 = put("tmp/a");
  put("tmp/b");
  auto r = post(delete_doc({{"tmp/a", v1}, {"tmp/b", ""}}, true));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("<Deleted>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<Error><Key>tmp/a</Key><VersionId>" + v1 + "</VersionId>"),
            std::string::npos)
      << r.body;
  EXPECT_FALSE(app.backend().head_object("pub", "tmp/b"));
}

TEST_F(PerKeyDelete, WithoutAnyPermissionEveryKeyIsAnErrorNotA403) {
  ASSERT_TRUE(app.backend().put_bucket_setting("pub", "policy", ""));
  auto r = post(delete_doc({{"a", ""}, {"b", ""}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<Error><Key>a</Key><Code>AccessDenied</Code>"), std::string::npos);
  EXPECT_NE(r.body.find("<Error><Key>b</Key><Code>AccessDenied</Code>"), std::string::npos);
  // A missing bucket is still NoSuchBucket for the request.
  const std::string doc = delete_doc({{"a", ""}});
  EXPECT_EQ(app.send("POST", "/nobucket?delete", doc, {content_md5(doc)}).error_code(),
            "NoSuchBucket");
}

const std::string kEnabled =
    "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";

class VersionAcls : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(app.put("/bkt").status, 200);
    doc("/bkt?ownershipControls",
        "<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule>"
        "</OwnershipControls>");
    doc("/bkt?publicAccessBlock",
        "<PublicAccessBlockConfiguration><BlockPublicAcls>false</BlockPublicAcls>"
        "<IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy>"
        "<RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>");
    doc("/bkt?versioning", kEnabled);
  }
  void doc(const std::string& target, const std::string& body) {
    auto r = app.put(target, body, {content_md5(body)});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::string put(const std::string& key) {
    auto r = app.put("/bkt/" + key, "x");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.header("x-amz-version-id").value_or("");
  }
  testing::Reply put_acl(const std::string& target, const std::string& canned) {
    return app.put(target, "", {{"x-amz-acl", canned}, content_md5("")});
  }
  AppHarness app;
};

constexpr std::string_view kAllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";

TEST_F(VersionAcls, EachVersionHasItsOwnAcl) {
  const std::string v1 = put("k");
  const std::string v2 = put("k");
  auto set = put_acl("/bkt/k?acl&versionId=" + v1, "public-read");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.header("x-amz-version-id"), v1);
  auto old = app.get("/bkt/k?acl&versionId=" + v1);
  ASSERT_EQ(old.status, 200) << old.body;
  EXPECT_EQ(old.header("x-amz-version-id"), v1);
  EXPECT_NE(old.body.find(kAllUsers), std::string::npos) << old.body;
  // The latest version kept its own (private) ACL.
  auto latest = app.get("/bkt/k?acl");
  EXPECT_EQ(latest.header("x-amz-version-id"), v2);
  EXPECT_EQ(latest.body.find(kAllUsers), std::string::npos) << latest.body;
  // And the latest's ACL without a version id changes only the latest.
  ASSERT_EQ(put_acl("/bkt/k?acl", "public-read").status, 200);
  EXPECT_NE(app.get("/bkt/k?acl&versionId=" + v2).body.find(kAllUsers), std::string::npos);
}

TEST_F(VersionAcls, MissingVersionsAndDeleteMarkers) {
  put("k");
  const std::string missing(32, 'a');
  EXPECT_EQ(app.get("/bkt/k?acl&versionId=" + missing).error_code(), "NoSuchVersion");
  EXPECT_EQ(put_acl("/bkt/k?acl&versionId=" + missing, "private").error_code(), "NoSuchVersion");
  EXPECT_EQ(app.get("/bkt/k?acl&versionId=nope").error_code(), "InvalidArgument");
  auto del = app.send("DELETE", "/bkt/k");
  const std::string marker =
      del.header("x-amz-delete-marker") ? *del.header("x-amz-version-id") : std::string();
  ASSERT_EQ(marker.size(), 32u);
  auto get = app.get("/bkt/k?acl&versionId=" + marker);
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.error_code(), "MethodNotAllowed");
  EXPECT_EQ(get.header("x-amz-delete-marker"), "true");
  EXPECT_NE(get.header("x-s3sandbox-diagnosis")->find("no ACL"), std::string::npos);
  auto put_marker = put_acl("/bkt/k?acl&versionId=" + marker, "private");
  EXPECT_EQ(put_marker.status, 405);
  EXPECT_NE(put_marker.body.find("<Method>PUT</Method>"), std::string::npos) << put_marker.body;
  // The latest is the marker: without a version id, NoSuchKey.
  EXPECT_EQ(app.get("/bkt/k?acl").error_code(), "NoSuchKey");
}

// An ACL grant on an old version lets another requester read that version's ACL (authorization
// reads the named version's grants, not the latest's).
TEST(VersionAclAuthorization, GrantsAreReadFromTheNamedVersion) {
  AppHarness strict(AppOptions{}, auth::AuthMode::kStrict);
  storage::Backend& b = strict.backend();
  ASSERT_TRUE(b.create_bucket("pub", ""));
  ASSERT_TRUE(b.put_bucket_versioning("pub", storage::VersioningStatus::kEnabled));
  ASSERT_TRUE(b.put_bucket_setting("pub", "ownership", "ObjectWriter"));
  ASSERT_TRUE(b.put_bucket_setting("pub", "public-access-block", "0000"));
  storage::ObjectMeta meta;
  meta.bucket = "pub";
  meta.key = "k";
  meta.etag = "9dd4e461268c8034f5c8564e155c67a6";
  auto commit = [&] {
    auto staged = b.stage("pub");
    EXPECT_TRUE(staged);
    EXPECT_TRUE((*staged)->write(std::span<const char>("x", 1)));
    meta.size = 1;
    auto done = b.commit_object(std::move(*staged), meta, {});
    EXPECT_TRUE(done);
    return done ? done->version_id : std::string();
  };
  const std::string v1 = commit();
  commit();
  auto version = b.head_object_version("pub", "k", v1);
  ASSERT_TRUE(version);
  std::map<std::string, std::string> settings = version->settings;
  settings["acl"] = "G " + std::string(kAllUsers) + " READ_ACP\n";  // access_model's encoding
  ASSERT_TRUE(b.put_object_version_settings("pub", "k", v1, settings));
  EXPECT_EQ(strict.get("/pub/k?acl&versionId=" + v1).status, 200);
  EXPECT_EQ(strict.get("/pub/k?acl").status, 403);
}

struct RecordingSink final : EventSink {
  std::vector<ObjectEvent> events;
  void object_event(ObjectEvent e, std::string_view) override { events.push_back(std::move(e)); }
  void configuration_set(const EventOrigin&, std::string_view) override {}
};

TEST(VersionEvents, EventsCarryTheVersionTheAnswerShowed) {
  AppHarness app;
  RecordingSink sink;
  app.app().set_event_sink(&sink);
  ASSERT_EQ(app.put("/bkt").status, 200);
  ASSERT_EQ(app.put("/bkt?notification",
                    "<NotificationConfiguration><QueueConfiguration><Id>all</Id>"
                    "<Queue>arn:aws:sqs:us-east-1:123456789012:q</Queue>"
                    "<Event>s3:ObjectCreated:*</Event><Event>s3:ObjectRemoved:*</Event>"
                    "</QueueConfiguration></NotificationConfiguration>")
                .status,
            200);
  ASSERT_EQ(app.put("/bkt/plain", "x").status, 200);  // not versioned yet: no versionId
  ASSERT_EQ(app.put("/bkt?versioning", kEnabled, {content_md5(kEnabled)}).status, 200);
  const std::string v1 = *app.put("/bkt/k", "x").header("x-amz-version-id");
  auto marker = app.send("DELETE", "/bkt/k");
  const std::string m = *marker.header("x-amz-version-id");
  ASSERT_EQ(app.send("DELETE", "/bkt/k?versionId=" + v1).status, 204);
  ASSERT_EQ(sink.events.size(), 4u);
  EXPECT_FALSE(sink.events[0].version_id);
  EXPECT_EQ(sink.events[1].name, "ObjectCreated:Put");
  EXPECT_EQ(sink.events[1].version_id, v1);
  EXPECT_EQ(sink.events[2].name, "ObjectRemoved:DeleteMarkerCreated");
  EXPECT_EQ(sink.events[2].version_id, m);
  EXPECT_EQ(sink.events[3].name, "ObjectRemoved:Delete");
  EXPECT_EQ(sink.events[3].version_id, v1);
}

// Lifecycle's removals on a versioned bucket name the version too: the marker an expiration
// stacked, and the noncurrent version removed.
TEST(VersionEvents, LifecycleRemovalsCarryTheVersion) {
  AppHarness app;
  RecordingSink sink;
  LifecycleEvaluator evaluator{app.backend(), app.clock(), "us-east-1"};
  evaluator.set_event_sink(&sink);
  app.app().set_lifecycle(&evaluator);
  app.clock().freeze(app.clock().now());
  ASSERT_EQ(app.put("/bkt").status, 200);
  ASSERT_TRUE(app.backend().put_bucket_versioning("bkt", storage::VersioningStatus::kEnabled));
  auto configured = app.put("/bkt?notification",
                            "<NotificationConfiguration><QueueConfiguration><Id>lc</Id>"
                            "<Queue>arn:aws:sqs:us-east-1:123456789012:q</Queue>"
                            "<Event>s3:LifecycleExpiration:*</Event></QueueConfiguration>"
                            "</NotificationConfiguration>");
  ASSERT_EQ(configured.status, 200) << configured.body;
  const std::string rules =
      "<LifecycleConfiguration><Rule><ID>cur</ID><Filter><Prefix>tmp/</Prefix></Filter>"
      "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
      "<Rule><ID>old</ID><Filter><Prefix>keep/</Prefix></Filter><Status>Enabled</Status>"
      "<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
      "</NoncurrentVersionExpiration></Rule></LifecycleConfiguration>";
  ASSERT_EQ(app.put("/bkt?lifecycle", rules, {content_md5(rules)}).status, 200);
  ASSERT_EQ(app.put("/bkt/tmp/a", "a").status, 200);
  const std::string k1 = *app.put("/bkt/keep/k", "1").header("x-amz-version-id");
  ASSERT_EQ(app.put("/bkt/keep/k", "2").status, 200);
  app.clock().advance(std::chrono::hours(72));
  evaluator.run_all();
  auto marker = app.backend().head_object("bkt", "tmp/a");
  ASSERT_FALSE(marker);
  std::string marker_id;
  for (const auto& [name, value] : marker.error().headers) {
    if (name == "x-amz-version-id") marker_id = value;
  }
  ASSERT_EQ(marker_id.size(), 32u);
  std::vector<std::pair<std::string, std::string>> got;
  for (const ObjectEvent& e : sink.events) got.emplace_back(e.name, e.version_id.value_or("-"));
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                     {"LifecycleExpiration:Delete", k1},
                     {"LifecycleExpiration:DeleteMarkerCreated", marker_id}}));
}

}  // namespace
}  // namespace s3sandbox::app
