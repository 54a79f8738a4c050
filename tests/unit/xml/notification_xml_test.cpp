// PutBucketNotificationConfiguration's document: parsing, S3's validation errors, rendering.
#include <gtest/gtest.h>

#include "s3sandbox/xml/notification.hpp"

namespace s3sandbox::xml {
namespace {

std::string fixed_id() { return "generated-id"; }

core::Result<NotificationConfiguration> parse(const std::string& inner) {
  return parse_notification_configuration(
      "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + inner +
          "</NotificationConfiguration>",
      fixed_id);
}

std::string queue(const std::string& events, const std::string& filter = "",
                  const std::string& arn = "arn:aws:sqs:us-east-1:123456789012:q") {
  return "<QueueConfiguration><Queue>" + arn + "</Queue>" + events + filter +
         "</QueueConfiguration>";
}

std::string prefix_filter(const std::string& prefix, const std::string& suffix = "") {
  std::string rules;
  if (!prefix.empty())
    rules += "<FilterRule><Name>prefix</Name><Value>" + prefix + "</Value></FilterRule>";
  if (!suffix.empty())
    rules += "<FilterRule><Name>suffix</Name><Value>" + suffix + "</Value></FilterRule>";
  return "<Filter><S3Key>" + rules + "</S3Key></Filter>";
}

TEST(NotificationXml, ParsesEveryDestinationKindWithFiltersAndIds) {
  auto c = parse(
      "<TopicConfiguration><Id>t1</Id><Topic>arn:aws:sns:us-east-1:1:t</Topic>"
      "<Event>s3:ObjectRemoved:*</Event></TopicConfiguration>" +
      queue("<Event>s3:ObjectCreated:Put</Event><Event>s3:ObjectCreated:Post</Event>",
            prefix_filter("uploads/", ".jpg")) +
      "<CloudFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:1:function:f"
      "</CloudFunction><Event>s3:ObjectCreated:Copy</Event></CloudFunctionConfiguration>");
  ASSERT_TRUE(c) << c.error().diagnosis;
  ASSERT_EQ(c->rules.size(), 3u);
  EXPECT_EQ(c->rules[0].kind, NotifyKind::kTopic);
  EXPECT_EQ(c->rules[0].id, "t1");
  EXPECT_EQ(c->rules[1].kind, NotifyKind::kQueue);
  EXPECT_EQ(c->rules[1].id, "generated-id");
  EXPECT_EQ(c->rules[1].events.size(), 2u);
  EXPECT_EQ(c->rules[1].prefix, "uploads/");
  EXPECT_EQ(c->rules[1].suffix, ".jpg");
  EXPECT_EQ(c->rules[2].kind, NotifyKind::kLambda);
  EXPECT_EQ(c->rules[2].arn, "arn:aws:lambda:us-east-1:1:function:f");
}

TEST(NotificationXml, EmptyConfigurationParsesAndRendersAsAnEmptyElement) {
  auto c = parse("");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->rules.empty());
  EXPECT_EQ(render_notification_configuration(*c),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NotificationConfiguration "
            "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
}

TEST(NotificationXml, RendersGroupedWithCapitalizedFilterNamesAndReparsesToTheSame) {
  auto c = parse(queue("<Event>s3:ObjectCreated:*</Event>", prefix_filter("a/", ".png")) +
                 "<TopicConfiguration><Id>t</Id><Topic>arn:aws:sns:us-east-1:1:t</Topic>"
                 "<Event>s3:ObjectRemoved:Delete</Event></TopicConfiguration>");
  ASSERT_TRUE(c);
  std::string xml = render_notification_configuration(*c);
  EXPECT_NE(xml.find("<TopicConfiguration><Id>t</Id><Topic>arn:aws:sns:us-east-1:1:t</Topic>"
                     "<Event>s3:ObjectRemoved:Delete</Event></TopicConfiguration>"
                     "<QueueConfiguration><Id>generated-id</Id>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<Filter><S3Key><FilterRule><Name>Prefix</Name><Value>a/</Value>"
                     "</FilterRule><FilterRule><Name>Suffix</Name><Value>.png</Value>"
                     "</FilterRule></S3Key></Filter>"),
            std::string::npos)
      << xml;
  auto again = parse_notification_configuration(xml, [] { return std::string("unused"); });
  ASSERT_TRUE(again);
  EXPECT_EQ(render_notification_configuration(*again), xml);
}

TEST(NotificationXml, UnknownEventIsInvalidArgument) {
  auto c = parse(queue("<Event>s3:ObjectCreated:Upload</Event>"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.error().effective_message(), "The event is not supported for notifications");
  EXPECT_NE(c.error().diagnosis.find("s3:ObjectCreated:Upload"), std::string::npos);
}

TEST(NotificationXml, FilterRulesMustBePrefixOrSuffixAndAppearOnce) {
  auto bad = parse(queue("<Event>s3:ObjectCreated:*</Event>",
                         "<Filter><S3Key><FilterRule><Name>infix</Name><Value>x</Value>"
                         "</FilterRule></S3Key></Filter>"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  auto twice = parse(queue("<Event>s3:ObjectCreated:*</Event>",
                           "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>a</Value>"
                           "</FilterRule><FilterRule><Name>Prefix</Name><Value>b</Value>"
                           "</FilterRule></S3Key></Filter>"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().effective_message(),
            "Cannot specify more than one prefix rule in a filter.");
}

TEST(NotificationXml, ArnMustBeOfTheDestinationsService) {
  auto c = parse(queue("<Event>s3:ObjectCreated:*</Event>", "", "arn:aws:sns:us-east-1:1:t"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.error().effective_message(),
            "Unable to validate the following destination configurations");
  EXPECT_FALSE(parse(queue("<Event>s3:ObjectCreated:*</Event>", "", "my-queue")));
}

TEST(NotificationXml, OverlappingConfigurationsAreRefused) {
  // Same event family, one prefix extends the other: a key can match both.
  auto c = parse(queue("<Event>s3:ObjectCreated:*</Event>", prefix_filter("images/")) +
                 queue("<Event>s3:ObjectCreated:Put</Event>", prefix_filter("images/thumbs/")));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(std::string(c.error().effective_message()).find("Configurations overlap"),
            std::string::npos);
  // No filter overlaps everything with a common event.
  EXPECT_FALSE(parse(queue("<Event>s3:ObjectRemoved:Delete</Event>") +
                     queue("<Event>s3:ObjectRemoved:*</Event>", prefix_filter("x/"))));
}

TEST(NotificationXml, DisjointFiltersOrEventsDoNotOverlap) {
  EXPECT_TRUE(parse(queue("<Event>s3:ObjectCreated:*</Event>", prefix_filter("images/")) +
                    queue("<Event>s3:ObjectCreated:*</Event>", prefix_filter("videos/"))));
  EXPECT_TRUE(parse(queue("<Event>s3:ObjectCreated:*</Event>", prefix_filter("", ".jpg")) +
                    queue("<Event>s3:ObjectCreated:*</Event>", prefix_filter("", ".png"))));
  EXPECT_TRUE(parse(queue("<Event>s3:ObjectCreated:*</Event>") +
                    queue("<Event>s3:ObjectRemoved:*</Event>")));
}

TEST(NotificationXml, ShapeErrorsAreMalformedXml) {
  auto no_arn = parse("<QueueConfiguration><Event>s3:ObjectCreated:*</Event></QueueConfiguration>");
  ASSERT_FALSE(no_arn);
  EXPECT_EQ(no_arn.error().code, core::ErrorCode::kMalformedXML);
  auto no_event = parse(queue(""));
  ASSERT_FALSE(no_event);
  EXPECT_EQ(no_event.error().code, core::ErrorCode::kMalformedXML);
  auto unknown = parse("<SomethingElse/>");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kMalformedXML);
  EXPECT_FALSE(parse_notification_configuration("<Wrong/>", fixed_id));
}

}  // namespace
}  // namespace s3sandbox::xml
