// Notifier: recording, delivery by HTTP POST to a local receiver, retries with backoff, the
// s3:TestEvent rules, the bounded queue.
#include "s3sandbox/notify/notifier.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <mutex>
#include <thread>

#include "s3sandbox/xml/notification.hpp"

namespace s3sandbox::notify {
namespace {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// A webhook receiver on 127.0.0.1: answers each POST with the next status of `statuses` (then
// 200), and keeps the bodies it got.
class Receiver {
 public:
  explicit Receiver(std::vector<unsigned> statuses = {})
      : statuses_(std::move(statuses)), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { serve(); });
  }
  ~Receiver() {
    stop_ = true;
    boost::system::error_code ignored;
    // Wake the blocking accept with one last connection.
    tcp::socket s(io_);
    s.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/hook";
  }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  void serve() {
    for (std::size_t n = 0; !stop_; ++n) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) return;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      {
        std::lock_guard lock(mutex_);
        bodies_.push_back(request.body());
      }
      http::response<http::string_body> response{
          static_cast<http::status>(n < statuses_.size() ? statuses_[n] : 200), 11};
      response.prepare_payload();
      http::write(socket, response, ec);
    }
  }

  std::vector<unsigned> statuses_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

constexpr const char* kQueueArn = "arn:aws:sqs:us-east-1:123456789012:uploads";

std::string configuration(const std::string& extra = "") {
  auto c = xml::parse_notification_configuration(
      std::string("<NotificationConfiguration><QueueConfiguration><Id>thumbs</Id><Queue>") +
          kQueueArn +
          "</Queue><Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix"
          "</Name><Value>uploads/</Value></FilterRule></S3Key></Filter></QueueConfiguration>" +
          extra + "</NotificationConfiguration>",
      [] { return std::string("generated"); });
  EXPECT_TRUE(c);
  return xml::render_notification_configuration(*c);
}

app::ObjectEvent created(std::string key) {
  app::ObjectEvent e;
  e.origin.bucket = "media";
  e.origin.request_id = "REQ";
  e.name = "ObjectCreated:Put";
  e.key = std::move(key);
  e.size = 3;
  e.etag = "abc";
  return e;
}

NotifierOptions fast() {
  NotifierOptions o;
  o.first_retry = std::chrono::milliseconds(10);
  o.timeout = std::chrono::milliseconds(1000);
  return o;
}

// Polls (bounded) until the record reaches a final status.
EventRecord settled(Notifier& n, std::uint64_t id) {
  for (int i = 0; i < 500; ++i) {
    EventFilter f;
    f.since = id - 1;
    auto list = n.events().list(f);
    if (!list.empty() && list.front().status != DeliveryStatus::kPending) return list.front();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "event " << id << " never settled";
  return {};
}

TEST(Notifier, RecordsWithoutATargetAndOnlyMatchingKeys) {
  Notifier n(fast());
  n.object_event(created("uploads/cat.jpg"), configuration());
  n.object_event(created("thumbnails/cat.jpg"), configuration());  // outside the prefix
  auto events = n.events().list({});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].key, "uploads/cat.jpg");
  EXPECT_EQ(events[0].event_name, "ObjectCreated:Put");
  EXPECT_EQ(events[0].configuration_id, "thumbs");
  EXPECT_EQ(events[0].status, DeliveryStatus::kNoTarget);
  EXPECT_NE(events[0].last_error.find("--notify-target"), std::string::npos);
}

TEST(Notifier, DeliversTheMessageByPost) {
  Receiver receiver;
  Notifier n(fast());
  ASSERT_FALSE(n.set_target(kQueueArn, receiver.url()));
  n.object_event(created("uploads/red flower.jpg"), configuration());
  EventRecord r = settled(n, n.events().last_id());
  EXPECT_EQ(r.status, DeliveryStatus::kDelivered) << r.last_error;
  EXPECT_EQ(r.attempts, 1);
  auto bodies = receiver.bodies();
  ASSERT_EQ(bodies.size(), 1u);
  auto sent = boost::json::parse(bodies[0]);
  EXPECT_EQ(sent, r.message);
  EXPECT_EQ(sent.at("Records").at(0).at("s3").at("object").at("key"), "uploads/red+flower.jpg");
}

TEST(Notifier, RetriesWithBackoffUntilTheReceiverAccepts) {
  Receiver receiver({500, 503});
  Notifier n(fast());
  ASSERT_FALSE(n.set_target(kQueueArn, receiver.url()));
  n.object_event(created("uploads/a"), configuration());
  EventRecord r = settled(n, n.events().last_id());
  EXPECT_EQ(r.status, DeliveryStatus::kDelivered);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(receiver.bodies().size(), 3u);
}

TEST(Notifier, GivesUpAfterMaxAttemptsAndSaysWhy) {
  Receiver receiver({500, 500, 500});
  NotifierOptions o = fast();
  o.max_attempts = 2;
  Notifier n(o);
  ASSERT_FALSE(n.set_target(kQueueArn, receiver.url()));
  n.object_event(created("uploads/a"), configuration());
  EventRecord r = settled(n, n.events().last_id());
  EXPECT_EQ(r.status, DeliveryStatus::kFailed);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.last_error, "HTTP 500");
}

TEST(Notifier, TestEventGoesToQueuesAndTopicsButNotLambdas) {
  Notifier n(fast());
  app::EventOrigin origin;
  origin.bucket = "media";
  n.configuration_set(origin,
                      configuration("<TopicConfiguration><Topic>arn:aws:sns:us-east-1:1:t</Topic>"
                                    "<Event>s3:ObjectRemoved:*</Event></TopicConfiguration>"
                                    "<CloudFunctionConfiguration><CloudFunction>"
                                    "arn:aws:lambda:us-east-1:1:function:f</CloudFunction>"
                                    "<Event>s3:ObjectCreated:Copy</Event><Filter><S3Key>"
                                    "<FilterRule><Name>prefix</Name><Value>z/</Value>"
                                    "</FilterRule></S3Key></Filter>"
                                    "</CloudFunctionConfiguration>"));
  auto events = n.events().list({});
  ASSERT_EQ(events.size(), 2u);
  for (const EventRecord& e : events) {
    EXPECT_EQ(e.event_name, "s3:TestEvent");
    EXPECT_EQ(e.message.at("Event"), "s3:TestEvent");
    EXPECT_FALSE(e.message.as_object().contains("Records"));
    EXPECT_EQ(e.destination.find("lambda"), std::string::npos);
  }
}

TEST(Notifier, AFullQueueDropsAndRecordsIt) {
  NotifierOptions o = fast();
  o.max_queued = 1;
  o.first_retry = std::chrono::seconds(30);  // the first message stays queued for its retry
  o.timeout = std::chrono::milliseconds(200);
  Notifier n(o);
  // A port nobody listens on: the first attempt fails fast, then waits 30 s for its retry.
  ASSERT_FALSE(n.set_target(kQueueArn, "http://127.0.0.1:1/"));
  n.object_event(created("uploads/1"), configuration());
  for (int i = 0; i < 200 && n.events().list({}).front().attempts == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  n.object_event(created("uploads/2"), configuration());
  auto events = n.events().list({});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].status, DeliveryStatus::kPending);
  EXPECT_EQ(events[1].status, DeliveryStatus::kDropped);
}

TEST(Notifier, RefusesTargetsItCannotDeliverTo) {
  Notifier n;
  EXPECT_TRUE(n.set_target(kQueueArn, "https://example.com/hook"));
  EXPECT_TRUE(n.set_target(kQueueArn, "ftp://x"));
  EXPECT_FALSE(n.set_target(kQueueArn, "http://[::1]:8080/x?y=1"));
  ASSERT_EQ(n.targets().size(), 1u);
  EXPECT_TRUE(n.remove_target(kQueueArn));
  EXPECT_FALSE(n.remove_target(kQueueArn));
}

TEST(EventFilter, SelectsByBucketKeyPrefixEventAndSince) {
  EventLog log;
  for (const char* key : {"uploads/a", "uploads/b", "other/c"}) {
    EventRecord r;
    r.bucket = "media";
    r.key = key;
    r.event_name = key[0] == 'o' ? "ObjectRemoved:Delete" : "ObjectCreated:Put";
    log.add(std::move(r));
  }
  EventFilter f;
  f.key_prefix = "uploads/";
  EXPECT_EQ(log.list(f).size(), 2u);
  f = {};
  f.event_name = "s3:ObjectRemoved:*";
  EXPECT_EQ(log.list(f).size(), 1u);
  f.event_name = "ObjectCreated:Put";
  EXPECT_EQ(log.list(f).size(), 2u);
  f = {};
  f.since = 2;
  ASSERT_EQ(log.list(f).size(), 1u);
  EXPECT_EQ(log.list(f)[0].key, "other/c");
  f = {};
  f.bucket = "other";
  EXPECT_TRUE(log.list(f).empty());
  log.clear();
  EXPECT_TRUE(log.list({}).empty());
  EXPECT_EQ(log.last_id(), 3u);  // ids keep increasing after a clear
}

TEST(EventLog, KeepsTheNewestWhenFull) {
  EventLog log(2);
  for (int i = 0; i < 3; ++i) log.add({});
  auto kept = log.list({});
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].id, 2u);
}

}  // namespace
}  // namespace s3sandbox::notify

namespace s3sandbox::notify {
namespace {

TEST(EventLog, TellsItsListenerOfEachRecordAfterStoringIt) {
  EventLog log;
  std::vector<std::size_t> seen;
  log.set_on_add([&] { seen.push_back(log.list({}).size()); });
  log.add({});
  log.add({});
  EXPECT_EQ(seen, (std::vector<std::size_t>{1, 2}));
}

}  // namespace
}  // namespace s3sandbox::notify
