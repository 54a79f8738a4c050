// POST /_sandbox/explain: the body's fields reach the explainer, the answer is its JSON, and
// malformed bodies get a 400 saying what to send.
#include "s3sandbox/control/explain_api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/router/router.hpp"
#include "unit/explain/recorded_urls.hpp"

namespace s3sandbox::control {
namespace {

using explain::recorded::kGetUrl;

struct Fixture {
  core::FrozenClock clock{*core::parse_iso8601("2026-12-02T08:30:00Z")};
  ControlRoutes routes;
  core::RequestView http;
  router::Operation op;

  Fixture() {
    explain::ExplainOptions server;
    server.credentials.add({"AKIDEXPLAIN", "explain-secret"});
    add_explain_routes(routes, server, clock);
    http.method = "POST";
    http.target = http.path = "/_sandbox/explain";
    http.headers.push_back({"Host", "localhost:9000"});
    op = *router::route(http, {});
  }
  core::Response post(const boost::json::value& body) {
    return routes.dispatch(http, op, boost::json::serialize(body));
  }
};

TEST(ExplainApi, ChecksWithTheServersKeysByDefault) {
  Fixture f;
  core::Response r = f.post({{"url", kGetUrl}});
  ASSERT_EQ(r.status, 200);
  auto j = boost::json::parse(r.body);
  EXPECT_EQ(j.at("usable"), true);
  EXPECT_EQ(j.at("verdict").at("credential"), "server");
  EXPECT_EQ(j.at("method").at("valid_for").as_array().at(0), "GET");
}

TEST(ExplainApi, UsesTheGivenMethodHeadersAndCredential) {
  Fixture f;
  core::Response r = f.post({{"url", kGetUrl},
                             {"method", "PUT"},
                             {"headers", {{"Content-Type", "image/png"}}},
                             {"credential", "AKIDEXPLAIN:explain-secret"},
                             {"expect_host", "s3.example.com"}});
  ASSERT_EQ(r.status, 200);
  auto j = boost::json::parse(r.body);
  EXPECT_EQ(j.at("usable"), false);
  EXPECT_EQ(j.at("verdict").at("credential"), "given");
  EXPECT_EQ(j.at("verdict").at("error").at("code"), "SignatureDoesNotMatch");
  bool host_finding = false;
  for (const auto& finding : j.at("findings").as_array()) {
    host_finding |= finding.at("code") == "unexpected-host";
  }
  EXPECT_TRUE(host_finding);
}

TEST(ExplainApi, RefusesMalformedBodies) {
  Fixture f;
  for (const boost::json::value& body :
       {boost::json::value(boost::json::object{}), boost::json::value({{"url", 5}}),
        boost::json::value({{"url", kGetUrl}, {"headers", "x"}}),
        boost::json::value({{"url", kGetUrl}, {"credential", "x"}}),
        boost::json::value({{"url", kGetUrl}, {"headers", {{"A", 1}}}})}) {
    core::Response r = f.post(body);
    EXPECT_EQ(r.status, 400) << boost::json::serialize(body);
    EXPECT_EQ(boost::json::parse(r.body).at("error").at("code"), "InvalidExplainRequest");
  }
  EXPECT_EQ(f.routes.dispatch(f.http, f.op, "not json").status, 400);
}

}  // namespace
}  // namespace s3sandbox::control
