// PutBucketNotificationConfiguration / GetBucketNotificationConfiguration through the
// application, and the object events the handlers report to the event sink.
#include <gtest/gtest.h>

#include <mutex>

#include "app_harness.hpp"
#include "s3sandbox/app/event_sink.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

struct RecordingSink final : EventSink {
  std::vector<ObjectEvent> events;
  std::vector<std::string> configurations_set;
  void object_event(ObjectEvent e, std::string_view) override { events.push_back(std::move(e)); }
  void configuration_set(const EventOrigin&, std::string_view c) override {
    configurations_set.emplace_back(c);
  }
};

const std::string kConfig =
    "<NotificationConfiguration><QueueConfiguration><Id>all</Id>"
    "<Queue>arn:aws:sqs:us-east-1:123456789012:q</Queue><Event>s3:ObjectCreated:*</Event>"
    "<Event>s3:ObjectRemoved:*</Event></QueueConfiguration></NotificationConfiguration>";

class NotificationHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    app.app().set_event_sink(&sink);
    ASSERT_EQ(app.put("/bkt").status, 200);
  }
  AppHarness app;
  RecordingSink sink;
};

TEST_F(NotificationHandlers, ABucketWithoutConfigurationAnswersAnEmptyOne) {
  auto r = app.get("/bkt?notification");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<NotificationConfiguration "
                        "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"),
            std::string::npos)
      << r.body;
  EXPECT_EQ(app.get("/nope?notification").error_code(), "NoSuchBucket");
}

TEST_F(NotificationHandlers, PutStoresGetAnswersAndTheSinkHearsOfIt) {
  ASSERT_EQ(app.put("/bkt?notification", kConfig).status, 200);
  auto r = app.get("/bkt?notification");
  EXPECT_NE(r.body.find("<QueueConfiguration><Id>all</Id>"), std::string::npos) << r.body;
  ASSERT_EQ(sink.configurations_set.size(), 1u);
  EXPECT_EQ(sink.configurations_set[0], r.body);
  // An empty configuration removes it.
  ASSERT_EQ(app.put("/bkt?notification", "<NotificationConfiguration/>").status, 200);
  EXPECT_EQ(app.get("/bkt?notification").body.find("QueueConfiguration"), std::string::npos);
}

TEST_F(NotificationHandlers, InvalidConfigurationIsRefusedAndNothingStored) {
  auto r = app.put("/bkt?notification",
                   "<NotificationConfiguration><QueueConfiguration><Queue>arn:aws:sqs:x:1:q"
                   "</Queue><Event>s3:Nope</Event></QueueConfiguration>"
                   "</NotificationConfiguration>");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "InvalidArgument");
  EXPECT_EQ(app.get("/bkt?notification").body.find("QueueConfiguration"), std::string::npos);
  EXPECT_TRUE(sink.configurations_set.empty());
}

TEST_F(NotificationHandlers, ObjectWritesAndDeletesAreReportedOnlyWithAConfiguration) {
  ASSERT_EQ(app.put("/bkt/before", "x").status, 200);
  EXPECT_TRUE(sink.events.empty());
  ASSERT_EQ(app.put("/bkt?notification", kConfig).status, 200);
  ASSERT_EQ(app.put("/bkt/red flower.jpg", "hello").status, 200);
  ASSERT_EQ(app.put("/bkt/copy", "", {{"x-amz-copy-source", "/bkt/before"}}).status, 200);
  ASSERT_EQ(app.send("DELETE", "/bkt/copy").status, 204);
  ASSERT_EQ(sink.events.size(), 3u);
  EXPECT_EQ(sink.events[0].name, "ObjectCreated:Put");
  EXPECT_EQ(sink.events[0].key, "red flower.jpg");
  EXPECT_EQ(sink.events[0].size, 5u);
  EXPECT_EQ(sink.events[0].etag, "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(sink.events[0].origin.bucket, "bkt");
  EXPECT_EQ(sink.events[0].origin.source_ip, "127.0.0.1");
  EXPECT_FALSE(sink.events[0].origin.request_id.empty());
  EXPECT_EQ(sink.events[1].name, "ObjectCreated:Copy");
  EXPECT_EQ(sink.events[2].name, "ObjectRemoved:Delete");
  EXPECT_FALSE(sink.events[2].size);
}

TEST_F(NotificationHandlers, ARefusedWriteReportsNothing) {
  ASSERT_EQ(app.put("/bkt?notification", kConfig).status, 200);
  auto r = app.put("/bkt/k", "body", {testing::content_md5("other")});
  EXPECT_EQ(r.error_code(), "BadDigest");
  EXPECT_TRUE(sink.events.empty());
}

TEST_F(NotificationHandlers, TheConfigurationGoesWithTheBucket) {
  ASSERT_EQ(app.put("/bkt?notification", kConfig).status, 200);
  ASSERT_EQ(app.send("DELETE", "/bkt").status, 204);
  ASSERT_EQ(app.put("/bkt").status, 200);
  EXPECT_EQ(app.get("/bkt?notification").body.find("QueueConfiguration"), std::string::npos);
}

}  // namespace
}  // namespace s3sandbox::app
