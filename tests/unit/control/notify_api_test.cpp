// The event notification endpoints over a real Notifier: targets set, listed, refused and
// removed; events listed with filters and cleared.
#include "s3sandbox/control/notify_api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "s3sandbox/router/router.hpp"

namespace s3sandbox::control {
namespace {

constexpr const char* kArn = "arn:aws:sqs:us-east-1:123456789012:uploads";

class NotifyApi : public ::testing::Test {
 protected:
  NotifyApi() { add_notify_routes(routes, notifier); }

  core::Response call(std::string method, std::string target, std::string body = {}) {
    core::RequestView r;
    r.method = std::move(method);
    r.target = target;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    r.headers.push_back({"Host", "localhost:9000"});
    auto op = router::route(r, router::RouterOptions{});
    EXPECT_TRUE(op.has_value());
    return routes.dispatch(r, *op, body);
  }
  static boost::json::value json(const core::Response& r) { return boost::json::parse(r.body); }

  notify::Notifier notifier;
  ControlRoutes routes;
};

TEST_F(NotifyApi, TargetsAreSetListedAndRemoved) {
  auto put = call("PUT", "/_sandbox/notify-targets",
                  std::string("{\"arn\":\"") + kArn + "\",\"url\":\"http://127.0.0.1:9/x\"}");
  ASSERT_EQ(put.status, 200) << put.body;
  auto listed = json(call("GET", "/_sandbox/notify-targets"));
  ASSERT_EQ(listed.at("targets").as_array().size(), 1u);
  EXPECT_EQ(listed.at("targets").at(0).at("url"), "http://127.0.0.1:9/x");
  EXPECT_EQ(call("DELETE", "/_sandbox/notify-targets?arn=arn:aws:sqs:x:1:other").status, 404);
  auto removed = json(call("DELETE", std::string("/_sandbox/notify-targets?arn=") + kArn));
  EXPECT_TRUE(removed.at("targets").as_array().empty());
}

TEST_F(NotifyApi, BadTargetsAreRefusedWithWhatToSend) {
  auto https = call("PUT", "/_sandbox/notify-targets",
                    std::string("{\"arn\":\"") + kArn + "\",\"url\":\"https://h/\"}");
  EXPECT_EQ(https.status, 400);
  EXPECT_EQ(json(https).at("error").at("code"), "InvalidNotifyTarget");
  EXPECT_EQ(call("PUT", "/_sandbox/notify-targets", "{\"arn\":1}").status, 400);
  EXPECT_EQ(call("PUT", "/_sandbox/notify-targets", "not json").status, 400);
}

TEST_F(NotifyApi, EventsAreFilteredAndCleared) {
  app::ObjectEvent e;
  e.origin.bucket = "media";
  e.name = "ObjectCreated:Put";
  e.key = "uploads/a.jpg";
  notifier.object_event(e, "<NotificationConfiguration><QueueConfiguration><Id>i</Id><Queue>" +
                               std::string(kArn) +
                               "</Queue><Event>s3:ObjectCreated:*</Event></QueueConfiguration>"
                               "</NotificationConfiguration>");
  auto all = json(call("GET", "/_sandbox/events?bucket=media&event=s3:ObjectCreated:*"));
  ASSERT_EQ(all.at("events").as_array().size(), 1u);
  EXPECT_EQ(all.at("events").at(0).at("status"), "no-target");
  EXPECT_EQ(all.at("next_since"), 1);
  EXPECT_TRUE(json(call("GET", "/_sandbox/events?since=1")).at("events").as_array().empty());
  EXPECT_TRUE(json(call("GET", "/_sandbox/events?key=other/")).at("events").as_array().empty());
  EXPECT_EQ(call("GET", "/_sandbox/events?since=soon").status, 400);
  EXPECT_EQ(call("DELETE", "/_sandbox/events").status, 200);
  EXPECT_TRUE(json(call("GET", "/_sandbox/events")).at("events").as_array().empty());
}

}  // namespace
}  // namespace s3sandbox::control
