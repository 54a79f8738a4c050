// The clock endpoints: query and JSON forms, the order changes apply in, and refusals that
// change nothing.
#include "s3sandbox/control/clock_api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "s3sandbox/router/router.hpp"

namespace s3sandbox::control {
namespace {

struct ClockCall {
  core::RequestView http;
  router::Operation op;
};

class ClockApiTest : public ::testing::Test {
 protected:
  ClockApiTest() { add_clock_routes(routes_, clock_); }

  core::Response call(std::string method, std::string target, std::string_view body = {}) {
    ClockCall c;
    c.http.method = std::move(method);
    c.http.target = target;
    const auto q = target.find('?');
    c.http.path = target.substr(0, q);
    if (q != std::string::npos) c.http.query = target.substr(q + 1);
    c.http.headers.push_back({"Host", "localhost:9000"});
    auto op = router::route(c.http, router::RouterOptions{});
    EXPECT_TRUE(op.has_value());
    if (op) c.op = std::move(*op);
    return routes_.dispatch(c.http, c.op, body);
  }
  static boost::json::value json(const core::Response& r) { return boost::json::parse(r.body); }

  core::SystemClock clock_;
  ControlRoutes routes_;
};

TEST_F(ClockApiTest, FreezeAtAnInstantThenAdvanceInOneQuery) {
  auto r = call("PUT", "/_sandbox/clock?freeze=2030-01-01T00:00:00Z&advance=%2B90s");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r).at("now"), "2030-01-01T00:01:30.000Z");
  EXPECT_EQ(json(r).at("frozen"), true);
  EXPECT_EQ(clock_.now(), core::TimePoint(std::chrono::seconds(1893456090)));
}

TEST_F(ClockApiTest, AnUnencodedPlusReadsAsASpaceAndIsTakenBack) {
  auto r = call("PUT", "/_sandbox/clock?offset=+2h");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(clock_.offset(), std::chrono::hours(2));
}

TEST_F(ClockApiTest, JsonBodyTakesStringsNumbersAndBooleans) {
  auto r = call("PUT", "/_sandbox/clock", R"({"freeze": true, "advance": 60})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(clock_.frozen_at());
  EXPECT_EQ(clock_.offset(), std::chrono::seconds(60));
  r = call("PUT", "/_sandbox/clock", R"({"unfreeze": true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(clock_.frozen_at());
  EXPECT_EQ(json(call("GET", "/_sandbox/clock")).at("frozen"), false);
}

TEST_F(ClockApiTest, RefusalsChangeNothing) {
  clock_.set_offset(std::chrono::minutes(5));
  const char* bad[][2] = {
      {"/_sandbox/clock?offset=%2B2h&advance=soon", ""},
      {"/_sandbox/clock?freeze=yesterday", ""},
      {"/_sandbox/clock?freeze=now&unfreeze=1", ""},
      {"/_sandbox/clock", ""},
      {"/_sandbox/clock", R"({"offset": "+1h", "speed": 2})"},
      {"/_sandbox/clock", R"({"offset": ["+1h"]})"},
      {"/_sandbox/clock", "not json"},
  };
  for (const auto& [target, body] : bad) {
    auto r = call("PUT", target, body);
    EXPECT_EQ(r.status, 400) << target << " " << body;
    EXPECT_EQ(clock_.offset(), std::chrono::minutes(5)) << target << " " << body;
    EXPECT_FALSE(clock_.frozen_at());
  }
}

TEST_F(ClockApiTest, OffsetZeroUndoesAFreeze) {
  ASSERT_EQ(call("PUT", "/_sandbox/clock?freeze=now").status, 200);
  auto r = call("PUT", "/_sandbox/clock?offset=0");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json(r).at("offset_seconds"), 0);
  EXPECT_EQ(json(r).at("frozen"), false);
  EXPECT_EQ(clock_.moved_by(), std::chrono::seconds(0));
}

}  // namespace
}  // namespace s3sandbox::control
