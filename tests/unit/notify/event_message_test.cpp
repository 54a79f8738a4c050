// S3's event messages and the matching of events against a configuration.
#include "s3sandbox/notify/event_message.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::notify {
namespace {
namespace json = boost::json;

app::ObjectEvent put_event(std::string key) {
  app::ObjectEvent e;
  e.origin.bucket = "media";
  e.origin.request_id = "4442587FB7D0A2F9";
  e.origin.host_id = "host/id=";
  e.origin.source_ip = "127.0.0.1";
  e.origin.principal_id = "AWS:s3sandbox";
  e.origin.owner_id = "owner-id";
  e.origin.region = "eu-west-1";
  e.origin.time = *core::parse_iso8601("2026-12-02T08:20:38.123Z");
  e.name = "ObjectCreated:Put";
  e.key = std::move(key);
  e.size = 1024;
  e.etag = "0123456789abcdef0123456789abcdef";
  return e;
}

TEST(FormEncodeKey, SpacesBecomePlusAndReservedCharactersArePercentEncoded) {
  EXPECT_EQ(form_encode_key("red flower.jpg"), "red+flower.jpg");
  EXPECT_EQ(form_encode_key("uploads/cat.jpg"), "uploads/cat.jpg");
  EXPECT_EQ(form_encode_key("a+b=c&d"), "a%2Bb%3Dc%26d");
  EXPECT_EQ(form_encode_key("year=2026/x:y"), "year%3D2026/x%3Ay");
  EXPECT_EQ(form_encode_key("caf\xc3\xa9"), "caf%C3%A9");
  EXPECT_EQ(form_encode_key("-_.*~"), "-_.*%7E");
}

TEST(ObjectEventMessage, HasEveryFieldOfTheUserGuidesStructure) {
  json::object m = object_event_message(put_event("red flower.jpg"), "cfg-1", "0000000000000000A1");
  ASSERT_EQ(m.size(), 1u);
  const json::array& records = m.at("Records").as_array();
  ASSERT_EQ(records.size(), 1u);
  const json::object& r = records[0].as_object();
  EXPECT_EQ(r.at("eventVersion").as_string(), kEventVersion);
  EXPECT_EQ(r.at("eventSource"), "aws:s3");
  EXPECT_EQ(r.at("awsRegion"), "eu-west-1");
  EXPECT_EQ(r.at("eventTime"), "2026-12-02T08:20:38.123Z");
  EXPECT_EQ(r.at("eventName"), "ObjectCreated:Put");
  EXPECT_EQ(r.at("userIdentity").at("principalId"), "AWS:s3sandbox");
  EXPECT_EQ(r.at("requestParameters").at("sourceIPAddress"), "127.0.0.1");
  EXPECT_EQ(r.at("responseElements").at("x-amz-request-id"), "4442587FB7D0A2F9");
  EXPECT_EQ(r.at("responseElements").at("x-amz-id-2"), "host/id=");
  const json::object& s3 = r.at("s3").as_object();
  EXPECT_EQ(s3.at("s3SchemaVersion"), "1.0");
  EXPECT_EQ(s3.at("configurationId"), "cfg-1");
  EXPECT_EQ(s3.at("bucket").at("name"), "media");
  EXPECT_EQ(s3.at("bucket").at("ownerIdentity").at("principalId"), "owner-id");
  EXPECT_EQ(s3.at("bucket").at("arn"), "arn:aws:s3:::media");
  const json::object& object = s3.at("object").as_object();
  EXPECT_EQ(object.at("key"), "red+flower.jpg");
  EXPECT_EQ(object.at("size"), 1024);  // a number, not a string
  EXPECT_EQ(object.at("eTag"), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(object.at("sequencer"), "0000000000000000A1");
  EXPECT_FALSE(object.contains("versionId"));  // no versioning: S3 leaves it out
}

TEST(ObjectEventMessage, RemovalHasNoSizeOrEtag) {
  app::ObjectEvent e = put_event("k");
  e.name = "ObjectRemoved:Delete";
  e.size.reset();
  e.etag.clear();
  json::object m = object_event_message(e, "c", "01");
  const json::object& object = m.at("Records").at(0).at("s3").at("object").as_object();
  EXPECT_EQ(object.size(), 2u);  // key and sequencer
  EXPECT_EQ(m.at("Records").at(0).at("eventName"), "ObjectRemoved:Delete");
}

TEST(ObjectEventMessage, AVersionedObjectHasItsVersionIdAfterTheEtag) {
  app::ObjectEvent e = put_event("k");
  e.version_id = "0123456789abcdef0123456789abcdef";
  json::object m = object_event_message(e, "c", "01");
  const json::object& object = m.at("Records").at(0).at("s3").at("object").as_object();
  EXPECT_EQ(object.at("versionId"), "0123456789abcdef0123456789abcdef");
  // The User Guide's order: key, size, eTag, versionId, sequencer.
  std::vector<std::string> order;
  for (const auto& field : object) order.emplace_back(field.key());
  EXPECT_EQ(order, (std::vector<std::string>{"key", "size", "eTag", "versionId", "sequencer"}));
}

TEST(TestEventMessage, IsFlatWithoutRecords) {
  json::object m = test_event_message(put_event("k").origin);
  EXPECT_EQ(json::serialize(m),
            "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":"
            "\"2026-12-02T08:20:38.123Z\",\"Bucket\":\"media\",\"RequestId\":"
            "\"4442587FB7D0A2F9\",\"HostId\":\"host/id=\"}");
}

TEST(EventMatching, WildcardsCoverTheirFamilyOnly) {
  EXPECT_TRUE(event_type_covers("s3:ObjectCreated:*", "ObjectCreated:Put"));
  EXPECT_TRUE(event_type_covers("s3:ObjectCreated:*", "ObjectCreated:CompleteMultipartUpload"));
  EXPECT_TRUE(event_type_covers("s3:ObjectCreated:Copy", "ObjectCreated:Copy"));
  EXPECT_FALSE(event_type_covers("s3:ObjectCreated:Put", "ObjectCreated:Post"));
  EXPECT_FALSE(event_type_covers("s3:ObjectRemoved:*", "ObjectCreated:Put"));
  EXPECT_FALSE(event_type_covers("ObjectCreated:Put", "ObjectCreated:Put"));
}

TEST(EventMatching, PrefixAndSuffixFiltersApplyToTheDecodedKey) {
  xml::NotificationRule rule;
  rule.events = {"s3:ObjectCreated:*"};
  rule.has_prefix = rule.has_suffix = true;
  rule.prefix = "uploads/";
  rule.suffix = ".jpg";
  EXPECT_TRUE(rule_matches(rule, "ObjectCreated:Put", "uploads/red flower.jpg"));
  EXPECT_FALSE(rule_matches(rule, "ObjectCreated:Put", "thumbnails/uploads/a.jpg"));
  EXPECT_FALSE(rule_matches(rule, "ObjectCreated:Put", "uploads/a.png"));
  EXPECT_FALSE(rule_matches(rule, "ObjectRemoved:Delete", "uploads/a.jpg"));
}

}  // namespace
}  // namespace s3sandbox::notify
