// The fault endpoints (control/faults_api.hpp) over ControlRoutes: add from JSON members or a
// spec string, list with hits and remaining, get, delete one and all, and refusals in plain words.
#include "s3sandbox/control/faults_api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "s3sandbox/router/router.hpp"

namespace s3sandbox::control {
namespace {

class FaultsApi : public ::testing::Test {
 protected:
  void SetUp() override { add_fault_routes(routes_, faults_); }

  core::Response call(std::string method, std::string target, std::string body = "") {
    core::RequestView http;
    http.method = std::move(method);
    http.target = target;
    http.path = target;
    http.headers.push_back({"Host", "localhost:9000"});
    auto op = router::route(http, router::RouterOptions{});
    EXPECT_TRUE(op.has_value());
    return routes_.dispatch(http, *op, body);
  }
  static boost::json::object json(const core::Response& r) {
    return boost::json::parse(r.body).as_object();
  }

  app::FaultInjector faults_;
  ControlRoutes routes_;
};

TEST_F(FaultsApi, AddListGetDelete) {
  const auto added =
      call("POST", "/_sandbox/faults",
           R"({"operation":"UploadPart","part":2,"times":1,"error":"InternalError"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const auto rule = json(added);
  const auto id = rule.at("id").to_number<std::uint64_t>();
  EXPECT_EQ(rule.at("spec").as_string(), "operation=UploadPart,part=2,error=InternalError,times=1");
  EXPECT_EQ(rule.at("part").to_number<std::uint64_t>(), 2u);
  EXPECT_EQ(rule.at("remaining").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(rule.at("hits").to_number<std::uint64_t>(), 0u);
  EXPECT_TRUE(rule.at("active").as_bool());

  ASSERT_TRUE(faults_.match({"UploadPart", "PUT", "b", "k", 2, "sigv4-header", "AK"}));
  const auto listed = json(call("GET", "/_sandbox/faults")).at("faults").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("hits").to_number<std::uint64_t>(), 1u);
  EXPECT_EQ(listed[0].at("remaining").to_number<std::uint64_t>(), 0u);
  EXPECT_FALSE(listed[0].at("active").as_bool());

  EXPECT_EQ(call("GET", "/_sandbox/faults/" + std::to_string(id)).status, 200);
  EXPECT_EQ(call("DELETE", "/_sandbox/faults/" + std::to_string(id)).status, 200);
  const auto gone = call("DELETE", "/_sandbox/faults/" + std::to_string(id));
  EXPECT_EQ(gone.status, 404);
  EXPECT_NE(gone.body.find("NoSuchFault"), std::string::npos);
  EXPECT_TRUE(faults_.list().empty());
}

TEST_F(FaultsApi, SpecStringAndNumbers) {
  const auto added = call("POST", "/_sandbox/faults",
                          R"({"spec":"operation=GetObject,probability=0.5,seed=7,truncate=100"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_DOUBLE_EQ(json(added).at("probability").to_number<double>(), 0.5);
  EXPECT_EQ(json(added).at("seed").to_number<std::uint64_t>(), 7u);
  const auto members = call("POST", "/_sandbox/faults", R"({"delay":"1s","probability":0.25})");
  ASSERT_EQ(members.status, 201) << members.body;
  EXPECT_NE(json(members).at("spec").as_string().find("probability=0.25"), std::string::npos);
}

TEST_F(FaultsApi, ClearRemovesEveryRule) {
  call("POST", "/_sandbox/faults", R"({"error":"SlowDown"})");
  call("POST", "/_sandbox/faults", R"({"delay":"1s"})");
  const auto cleared = call("DELETE", "/_sandbox/faults");
  EXPECT_EQ(json(cleared).at("deleted").to_number<std::uint64_t>(), 2u);
  EXPECT_FALSE(faults_.armed());
}

TEST_F(FaultsApi, BadRulesAreRefusedSayingWhy) {
  const auto bad =
      call("POST", "/_sandbox/faults", R"({"operation":"PutObjekt","error":"SlowDown"})");
  EXPECT_EQ(bad.status, 400);
  const auto error = json(bad).at("error").as_object();
  EXPECT_EQ(error.at("code").as_string(), "InvalidFaultRule");
  EXPECT_NE(std::string(error.at("message").as_string()).find("did you mean PutObject?"),
            std::string::npos);
  EXPECT_EQ(call("POST", "/_sandbox/faults", "{}").status, 400);
  EXPECT_EQ(call("POST", "/_sandbox/faults", R"({"times":[1]})").status, 400);
  EXPECT_EQ(call("POST", "/_sandbox/faults", "not json").status, 400);
  EXPECT_TRUE(faults_.list().empty());
}

}  // namespace
}  // namespace s3sandbox::control
