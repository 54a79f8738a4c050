// Lifecycle: rule matching and expiry arithmetic (pure), the three handlers and the object
// headers through AppHarness, and the evaluator over a real backend in a temporary directory,
// against a frozen sandbox clock.
#include <gtest/gtest.h>

#include <mutex>

#include "app/lifecycle_rules.hpp"
#include "app_harness.hpp"
#include "s3sandbox/app/lifecycle_evaluator.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;
using testing::content_md5;

core::TimePoint at(const char* iso) { return *core::parse_iso8601(iso); }

xml::LifecycleRule rule_with(xml::LifecycleFilter filter) {
  xml::LifecycleRule r;
  r.id = "r";
  r.enabled = true;
  r.filter = std::move(filter);
  r.has_expiration = true;
  r.expiration_days = 1;
  return r;
}

TEST(LifecycleRules, ExpiryRoundsUpToTheNextMidnightUtc) {
  // S3's own example: created 2014-01-15 10:30 UTC, 3 days -> 2014-01-19 00:00 UTC.
  EXPECT_EQ(expiry_after(at("2014-01-15T10:30:00Z"), 3), at("2014-01-19T00:00:00Z"));
  EXPECT_EQ(expiry_after(at("2014-01-15T23:59:59Z"), 1), at("2014-01-17T00:00:00Z"));
  EXPECT_EQ(expiry_after(at("2014-01-15T00:00:00Z"), 1), at("2014-01-17T00:00:00Z"));
}

TEST(LifecycleRules, FiltersByPrefixTagsAndSize) {
  xml::LifecycleFilter f;
  f.prefix = "tmp/";
  f.tags = {{"class", "scratch"}};
  f.size_greater_than = 10;
  f.size_less_than = 100;
  const auto r = rule_with(f);
  const std::vector<std::pair<std::string, std::string>> tagged = {{"x", "y"},
                                                                   {"class", "scratch"}};
  EXPECT_TRUE(rule_covers(r, "tmp/a", 50, tagged));
  EXPECT_FALSE(rule_covers(r, "keep/a", 50, tagged));               // prefix
  EXPECT_FALSE(rule_covers(r, "tmp/a", 50, {{"class", "other"}}));  // tag value
  EXPECT_FALSE(rule_covers(r, "tmp/a", 10, tagged));                // not greater than 10
  EXPECT_FALSE(rule_covers(r, "tmp/a", 100, tagged));               // not less than 100
  EXPECT_TRUE(rule_covers(rule_with({}), "anything", 0, {}));       // empty filter
}

TEST(LifecycleRules, EarliestEnabledRuleWinsAndHeaderNamesIt) {
  xml::LifecycleConfiguration c;
  c.rules.push_back(rule_with({}));
  c.rules[0].id = "slow";
  c.rules[0].expiration_days = 30;
  c.rules.push_back(rule_with({}));
  c.rules[1].id = "fast rule";
  c.rules[1].expiration_days = 2;
  c.rules.push_back(rule_with({}));
  c.rules[2].id = "off";
  c.rules[2].enabled = false;
  c.rules[2].expiration_days = 1;
  storage::ObjectMeta meta;
  meta.key = "k";
  meta.last_modified = at("2026-03-01T12:00:00Z");
  auto due = object_expiry(c, meta);
  ASSERT_TRUE(due);
  EXPECT_EQ(due->rule_id, "fast rule");
  EXPECT_EQ(due->at, at("2026-03-04T00:00:00Z"));
  EXPECT_EQ(expiration_header(*due),
            "expiry-date=\"Wed, 04 Mar 2026 00:00:00 GMT\", rule-id=\"fast%20rule\"");
}

const char* kOneDayTmp =
    "<LifecycleConfiguration><Rule><ID>tmp-1d</ID><Filter><Prefix>tmp/</Prefix></Filter>"
    "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
    "<Rule><ID>uploads</ID><Filter></Filter><Status>Enabled</Status>"
    "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation>"
    "</AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>";

// Records what the evaluator reports to the journal.
class Recorder final : public ExchangeObserver {
 public:
  void on_exchange(const ExchangeRecord& r) override {
    std::lock_guard lock(mu);
    seen.push_back(std::string(r.facts.operation) + " " + r.facts.key + " | " + r.facts.diagnosis);
  }
  std::mutex mu;
  std::vector<std::string> seen;
};

class LifecycleHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    app.clock().freeze(at("2026-03-01T12:00:00Z"));
    evaluator.set_observer(&recorder);
    app.app().set_lifecycle(&evaluator);
    ASSERT_EQ(app.put("/bkt").status, 200);
  }
  testing::Reply put_rules(const std::string& doc, std::vector<core::Header> extra = {}) {
    extra.push_back(content_md5(doc));
    return app.put("/bkt?lifecycle", doc, std::move(extra));
  }
  AppHarness app;
  LifecycleEvaluator evaluator{app.backend(), app.clock(), "us-east-1"};
  Recorder recorder;
};

TEST_F(LifecycleHandlers, GetOfNoneIsNoSuchLifecycleConfiguration) {
  auto r = app.get("/bkt?lifecycle");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.error_code(), "NoSuchLifecycleConfiguration");
}

TEST_F(LifecycleHandlers, PutGetDeleteRoundTripWithTheMinimumSizeHeader) {
  auto put = put_rules(kOneDayTmp);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.header("x-amz-transition-default-minimum-object-size"), "all_storage_classes_128K");
  auto got = app.get("/bkt?lifecycle");
  ASSERT_EQ(got.status, 200);
  EXPECT_NE(got.body.find("<ID>tmp-1d</ID><Filter><Prefix>tmp/</Prefix></Filter>"),
            std::string::npos)
      << got.body;
  EXPECT_EQ(got.header("x-amz-transition-default-minimum-object-size"), "all_storage_classes_128K");
  ASSERT_EQ(put_rules(kOneDayTmp,
                      {{"x-amz-transition-default-minimum-object-size", "varies_by_storage_class"}})
                .status,
            200);
  EXPECT_EQ(app.get("/bkt?lifecycle").header("x-amz-transition-default-minimum-object-size"),
            "varies_by_storage_class");
  EXPECT_EQ(app.send("DELETE", "/bkt?lifecycle").status, 204);
  EXPECT_EQ(app.get("/bkt?lifecycle").error_code(), "NoSuchLifecycleConfiguration");
}

TEST_F(LifecycleHandlers, PutNeedsAnIntegrityHeaderAndAValidMinimumSize) {
  EXPECT_EQ(app.put("/bkt?lifecycle", kOneDayTmp).error_code(), "InvalidRequest");
  EXPECT_EQ(put_rules(kOneDayTmp, {{"x-amz-transition-default-minimum-object-size", "tiny"}})
                .error_code(),
            "InvalidRequest");
  EXPECT_EQ(put_rules("<LifecycleConfiguration/>").error_code(), "MalformedXML");
  EXPECT_EQ(app.get("/bkt?lifecycle").error_code(), "NoSuchLifecycleConfiguration");
}

TEST_F(LifecycleHandlers, ObjectsARuleCoversCarryXAmzExpiration) {
  ASSERT_EQ(put_rules(kOneDayTmp).status, 200);
  auto put = app.put("/bkt/tmp/a", "data");
  EXPECT_EQ(put.header("x-amz-expiration"),
            "expiry-date=\"Tue, 03 Mar 2026 00:00:00 GMT\", rule-id=\"tmp-1d\"");
  EXPECT_EQ(app.get("/bkt/tmp/a").header("x-amz-expiration"), put.header("x-amz-expiration"));
  EXPECT_EQ(app.send("HEAD", "/bkt/tmp/a").header("x-amz-expiration"),
            put.header("x-amz-expiration"));
  EXPECT_FALSE(app.put("/bkt/keep/a", "data").header("x-amz-expiration"));
  auto copy = app.put("/bkt/tmp/copy", {}, {{"x-amz-copy-source", "/bkt/keep/a"}});
  EXPECT_TRUE(copy.header("x-amz-expiration"));
}

TEST_F(LifecycleHandlers, CreateMultipartUploadCarriesTheAbortDate) {
  ASSERT_EQ(put_rules(kOneDayTmp).status, 200);
  auto created = app.send("POST", "/bkt/big?uploads");
  EXPECT_EQ(created.header("x-amz-abort-date"), "Tue, 03 Mar 2026 00:00:00 GMT");
  EXPECT_EQ(created.header("x-amz-abort-rule-id"), "uploads");
}

TEST_F(LifecycleHandlers, TheEvaluatorExpiresDueObjectsAndAbortsOldUploads) {
  ASSERT_EQ(put_rules(kOneDayTmp).status, 200);
  ASSERT_EQ(app.put("/bkt/tmp/a", "data").status, 200);
  ASSERT_EQ(app.put("/bkt/keep/b", "data").status, 200);
  ASSERT_EQ(app.send("POST", "/bkt/big?uploads").status, 200);
  app.clock().advance(std::chrono::hours(24));  // 2026-03-02 12:00: not yet
  auto early = evaluator.run_all();
  EXPECT_EQ(early.expired, 0u);
  EXPECT_EQ(app.get("/bkt/tmp/a").status, 200);
  app.clock().advance(std::chrono::hours(24));  // 2026-03-03 12:00: past midnight
  auto report = evaluator.run_all();
  EXPECT_EQ(report.buckets, 1u);
  EXPECT_EQ(report.expired, 1u);
  EXPECT_EQ(report.aborted, 1u);
  EXPECT_EQ(app.get("/bkt/tmp/a").error_code(), "NoSuchKey");
  EXPECT_EQ(app.get("/bkt/keep/b").status, 200);
  EXPECT_EQ(app.get("/bkt?uploads").body.find("<Upload>"), std::string::npos);
  ASSERT_EQ(recorder.seen.size(), 2u);
  EXPECT_EQ(recorder.seen[0].rfind("Lifecycle.Expiration tmp/a | lifecycle rule 'tmp-1d'", 0), 0u)
      << recorder.seen[0];
  EXPECT_EQ(recorder.seen[1].rfind("Lifecycle.AbortIncompleteMultipartUpload big", 0), 0u)
      << recorder.seen[1];
}

TEST_F(LifecycleHandlers, ReadsAndListingsNeverShowAnExpiredObject) {
  ASSERT_EQ(put_rules(kOneDayTmp).status, 200);
  ASSERT_EQ(app.put("/bkt/tmp/a", "data").status, 200);
  ASSERT_EQ(app.put("/bkt/tmp/b", "data").status, 200);
  evaluator.run_all();                          // learns the next due time
  app.clock().advance(std::chrono::hours(48));  // no evaluator run: the reads must see it
  auto head = app.send("HEAD", "/bkt/tmp/a");
  EXPECT_EQ(head.status, 404);
  auto list = app.get("/bkt?list-type=2");
  EXPECT_EQ(list.body.find("<Key>tmp/"), std::string::npos) << list.body;
  EXPECT_EQ(recorder.seen.size(), 2u);
}

TEST_F(LifecycleHandlers, TagAndSizeFiltersDecideWhatExpires) {
  const std::string doc =
      "<LifecycleConfiguration><Rule><ID>t</ID><Filter><And><Tag><Key>gc</Key><Value>yes</Value>"
      "</Tag><ObjectSizeLessThan>10</ObjectSizeLessThan></And></Filter><Status>Enabled</Status>"
      "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
  ASSERT_EQ(put_rules(doc).status, 200);
  ASSERT_EQ(app.put("/bkt/small-tagged", "x", {{"x-amz-tagging", "gc=yes"}}).status, 200);
  ASSERT_EQ(app.put("/bkt/big-tagged", "0123456789abc", {{"x-amz-tagging", "gc=yes"}}).status, 200);
  ASSERT_EQ(app.put("/bkt/small-untagged", "x").status, 200);
  app.clock().advance(std::chrono::hours(72));
  EXPECT_EQ(evaluator.run_all().expired, 1u);
  EXPECT_EQ(app.get("/bkt/small-tagged").status, 404);
  EXPECT_EQ(app.get("/bkt/big-tagged").status, 200);
  EXPECT_EQ(app.get("/bkt/small-untagged").status, 200);
}

TEST_F(LifecycleHandlers, DisabledRulesAndDateRules) {
  const std::string doc =
      "<LifecycleConfiguration><Rule><ID>off</ID><Filter/><Status>Disabled</Status>"
      "<Expiration><Days>1</Days></Expiration></Rule>"
      "<Rule><ID>date</ID><Filter><Prefix>d/</Prefix></Filter><Status>Enabled</Status>"
      "<Expiration><Date>2026-03-10T00:00:00Z</Date></Expiration></Rule>"
      "</LifecycleConfiguration>";
  ASSERT_EQ(put_rules(doc).status, 200);
  EXPECT_FALSE(app.put("/bkt/x", "data").header("x-amz-expiration"));
  EXPECT_EQ(app.put("/bkt/d/x", "data").header("x-amz-expiration"),
            "expiry-date=\"Tue, 10 Mar 2026 00:00:00 GMT\", rule-id=\"date\"");
  app.clock().advance(std::chrono::hours(24 * 8));  // 2026-03-09 12:00
  EXPECT_EQ(evaluator.run_all().expired, 0u);
  app.clock().advance(std::chrono::hours(12));  // 2026-03-10 00:00
  EXPECT_EQ(evaluator.run_all().expired, 1u);
  EXPECT_EQ(app.get("/bkt/x").status, 200);
}

}  // namespace
}  // namespace s3sandbox::app

namespace s3sandbox::app {
namespace {

// Versioned buckets: Expiration stacks a delete marker; NoncurrentVersionExpiration removes old
// versions (keeping NewerNoncurrentVersions); ExpiredObjectDeleteMarker removes a marker left
// alone.
TEST_F(LifecycleHandlers, VersionedBucketsGetMarkersAndLoseNoncurrentVersions) {
  ASSERT_TRUE(app.backend().put_bucket_versioning("bkt", storage::VersioningStatus::kEnabled));
  const std::string doc =
      "<LifecycleConfiguration><Rule><ID>cur</ID><Filter><Prefix>tmp/</Prefix></Filter>"
      "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
      "<Rule><ID>old</ID><Filter></Filter><Status>Enabled</Status><NoncurrentVersionExpiration>"
      "<NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>1</NewerNoncurrentVersions>"
      "</NoncurrentVersionExpiration></Rule>"
      "<Rule><ID>markers</ID><Filter><Prefix>gone/</Prefix></Filter><Status>Enabled</Status>"
      "<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>"
      "</Rule></LifecycleConfiguration>";
  ASSERT_EQ(put_rules(doc).status, 200);
  for (const char* body : {"v1", "v2", "v3"}) ASSERT_EQ(app.put("/bkt/keep/k", body).status, 200);
  ASSERT_EQ(app.put("/bkt/tmp/a", "a").status, 200);
  ASSERT_EQ(app.put("/bkt/gone/x", "x").status, 200);
  ASSERT_TRUE(app.backend().delete_object_versioned("bkt", "gone/x"));
  // gone/y: a delete marker with nothing behind it (its one version removed for good).
  ASSERT_EQ(app.put("/bkt/gone/y", "y").status, 200);
  ASSERT_TRUE(app.backend().delete_object_versioned("bkt", "gone/y"));
  storage::VersionsQuery y;
  y.prefix = "gone/y";
  auto y_versions = app.backend().list_object_versions("bkt", y);
  ASSERT_TRUE(y_versions);
  for (const auto& v : y_versions->versions) {
    if (!v.meta.delete_marker) {
      ASSERT_TRUE(app.backend().delete_object_version(
          "bkt", "gone/y", storage::shown_version_id(v.meta.version_id)));
    }
  }
  app.clock().advance(std::chrono::hours(72));
  evaluator.run_all();
  auto versions = app.backend().list_object_versions("bkt", {});
  ASSERT_TRUE(versions);
  std::vector<std::string> left;
  for (const auto& v : versions->versions) {
    left.push_back(v.meta.key + (v.meta.delete_marker ? " marker" : "") +
                   (v.is_latest ? " latest" : ""));
  }
  // keep/k: v3 (latest) and v2 (one newer noncurrent version kept); v1 removed. tmp/a: expired,
  // so a marker on top of its version. gone/x: its marker and the version it keeps (the one
  // newer noncurrent version). gone/y: its lone marker removed.
  EXPECT_EQ(left, (std::vector<std::string>{"gone/x marker latest", "gone/x", "keep/k latest",
                                            "keep/k", "tmp/a marker latest", "tmp/a"}));
  EXPECT_EQ(app.get("/bkt/tmp/a").status, 404);
  EXPECT_EQ(app.get("/bkt/keep/k").body, "v3");
}

}  // namespace
}  // namespace s3sandbox::app
