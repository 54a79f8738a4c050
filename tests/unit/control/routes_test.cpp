#include "s3sandbox/control/routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "s3sandbox/router/router.hpp"

namespace s3sandbox::control {
namespace {

core::RequestView request(std::string method, std::string target) {
  core::RequestView r;
  r.method = std::move(method);
  r.target = target;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  r.headers.push_back({"Host", "localhost:9000"});
  return r;
}

struct Routed {
  core::RequestView http;
  router::Operation op;
};

Routed routed(std::string method, std::string target) {
  Routed r{request(std::move(method), std::move(target)), {}};
  auto op = router::route(r.http, router::RouterOptions{});
  EXPECT_TRUE(op.has_value());
  if (op) r.op = std::move(*op);
  return r;
}

boost::json::value body_of(const core::Response& r) { return boost::json::parse(r.body); }

ControlRoutes sample_routes() {
  ControlRoutes routes;
  routes.add("GET", "snapshots", [](const ControlRequest&) {
    return json_response(boost::json::object{{"list", true}});
  });
  routes.add("POST", "snapshots/{name}", [](const ControlRequest& r) {
    return json_response(boost::json::object{{"saved", r.path_param("name")},
                                             {"body", r.body},
                                             {"mode", r.query("mode").value_or("-")}});
  });
  routes.add("POST", "snapshots/{name}/restore", [](const ControlRequest& r) {
    return json_response(boost::json::object{{"restored", r.path_param("name")}});
  });
  return routes;
}

TEST(ControlRoutesTest, MatchesLiteralAndParameterSegments) {
  const ControlRoutes routes = sample_routes();
  auto r = routed("POST", "/_sandbox/snapshots/before%20upload?mode=fast");
  core::Response answer = routes.dispatch(r.http, r.op, "{}");
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(body_of(answer).at("saved"), "before upload");
  EXPECT_EQ(body_of(answer).at("body"), "{}");
  EXPECT_EQ(body_of(answer).at("mode"), "fast");

  r = routed("POST", "/_sandbox/snapshots/s1/restore");
  answer = routes.dispatch(r.http, r.op, "");
  EXPECT_EQ(body_of(answer).at("restored"), "s1");
  EXPECT_EQ(answer.headers.front().value, "application/json");
}

TEST(ControlRoutesTest, HeadIsAnsweredLikeGet) {
  const ControlRoutes routes = sample_routes();
  auto r = routed("HEAD", "/_sandbox/snapshots");
  EXPECT_EQ(routes.dispatch(r.http, r.op, "").status, 200);
}

TEST(ControlRoutesTest, AnotherMethodIs405NamingTheAllowedOnes) {
  const ControlRoutes routes = sample_routes();
  auto r = routed("DELETE", "/_sandbox/snapshots/s1/restore");
  const core::Response answer = routes.dispatch(r.http, r.op, "");
  EXPECT_EQ(answer.status, 405);
  EXPECT_EQ(body_of(answer).at("error").at("code"), "MethodNotAllowed");
  EXPECT_NE(answer.body.find("use POST"), std::string::npos) << answer.body;
}

TEST(ControlRoutesTest, UnknownPathIs404ListingTheEndpoints) {
  const ControlRoutes routes = sample_routes();
  for (const char* target : {"/_sandbox/nope", "/_sandbox/snapshots/a/b/c", "/_sandbox/"}) {
    auto r = routed("GET", target);
    const core::Response answer = routes.dispatch(r.http, r.op, "");
    EXPECT_EQ(answer.status, 404) << target;
    EXPECT_EQ(body_of(answer).at("error").at("code"), "NoSuchEndpoint");
    EXPECT_NE(answer.body.find("POST /_sandbox/snapshots/{name}/restore"), std::string::npos);
  }
}

TEST(ControlRoutesTest, ParsesJsonObjectsAndExplainsWhatIsNot) {
  auto ok = parse_json_object(R"({"a": 1})");
  ASSERT_TRUE(std::holds_alternative<boost::json::object>(ok));
  EXPECT_EQ(std::get<boost::json::object>(ok).at("a"), 1);
  EXPECT_TRUE(std::holds_alternative<boost::json::object>(parse_json_object("  ")));
  for (const char* bad : {"{", "[1,2]", "\"text\""}) {
    auto refused = parse_json_object(bad);
    ASSERT_TRUE(std::holds_alternative<core::Response>(refused)) << bad;
    EXPECT_EQ(std::get<core::Response>(refused).status, 400);
  }
}

}  // namespace
}  // namespace s3sandbox::control

namespace s3sandbox::control {
namespace {

TEST(ControlRoutesTest, DeferringHandlerAnswersLaterOrSettlesThroughDispatch) {
  ControlRoutes routes;
  std::shared_ptr<core::DeferredResponse> made;
  routes.add_deferring("GET", "wait", [&made](const ControlRequest&) -> app::SandboxAnswer {
    made = std::make_shared<core::DeferredResponse>(
        std::chrono::steady_clock::now() + std::chrono::seconds(30), [] {
          return json_response(boost::json::object{{"what", "there is"}});
        });
    return made;
  });
  auto r = routed("GET", "/_sandbox/wait");
  app::SandboxAnswer later = routes.dispatch_deferrable(r.http, r.op, "");
  ASSERT_TRUE(std::holds_alternative<std::shared_ptr<core::DeferredResponse>>(later));
  EXPECT_TRUE(made->pending());

  // dispatch() (after a body, or a caller that cannot wait) answers at once with the fallback.
  const core::Response now = routes.dispatch(r.http, r.op, "");
  EXPECT_EQ(body_of(now).at("what"), "there is");
  EXPECT_FALSE(made->pending());
}

}  // namespace
}  // namespace s3sandbox::control
