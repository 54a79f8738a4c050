// The console's server side: the URLs its presign route gives the page pass the server's own SigV4
// verification (keys with spaces and non-ASCII, sub-resource queries, signed headers, the
// console's journal mark), it refuses what it cannot sign, and its files are served with the
// redirect, CSP and ETag revalidation the page relies on.
#include "s3sandbox/control/console_api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/router/router.hpp"
#include "unit/storage/storage_test_support.hpp"

namespace s3sandbox::control {
namespace {

const auth::Credential kCred{"AKCONSOLE", "console-secret"};

struct Call {
  core::RequestView http;
  router::Operation op;
};

Call request(std::string method, const std::string& target,
             std::vector<core::Header> headers = {}) {
  Call c;
  c.http.method = std::move(method);
  c.http.target = target;
  const auto q = target.find('?');
  c.http.path = target.substr(0, q);
  if (q != std::string::npos) c.http.query = target.substr(q + 1);
  c.http.headers.push_back({"Host", "localhost:9000"});
  for (auto& h : headers) c.http.headers.push_back(std::move(h));
  auto op = router::route(c.http, router::RouterOptions{});
  EXPECT_TRUE(op.has_value());
  if (op) c.op = std::move(*op);
  return c;
}

// Asks the console's route, as the page does, and reads its answer.
class ConsolePresignTest : public ::testing::Test {
 protected:
  ConsolePresignTest() {
    clock_.freeze(core::TimePoint(std::chrono::seconds(1893456000)));  // 2030-01-01
    auth::AuthOptions o;
    o.credentials.add(kCred);
    auth_ = std::make_unique<auth::Authenticator>(o, clock_);
    auto backend = storage::open_sqlite_backend({dir_.path(), false}, clock_);
    EXPECT_TRUE(backend.has_value());
    if (backend) {
      backend_ = std::move(*backend);
      add_console_routes(routes_, {*backend_, kCred, "us-east-1", clock_});
    }
  }
  core::Response ask(const std::string& json_body) {
    Call c = request("POST", "/_sandbox/console/api/presign");
    return routes_.dispatch(c.http, c.op, json_body);
  }
  // The signed target ("/bucket/key?...") and the headers the page is told to send.
  std::pair<std::string, std::vector<core::Header>> presign(const std::string& json_body) {
    const core::Response r = ask(json_body);
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::object answer = boost::json::parse(r.body).as_object();
    std::string url(answer.at("url").as_string());
    std::vector<core::Header> headers;
    for (const auto& h : answer.at("headers").as_object()) {
      headers.push_back({std::string(h.key()), std::string(h.value().as_string())});
    }
    return {url, headers};
  }
  bool verifies(const Call& c) const {
    auto r = auth_->authenticate(c.http, {c.op.bucket, false, c.op.key, c.op.query});
    if (!r) ADD_FAILURE() << r.error().effective_message();
    return r.has_value();
  }
  core::SystemClock clock_;
  storage::testing::TempDir dir_;
  std::unique_ptr<storage::Backend> backend_;
  std::unique_ptr<auth::Authenticator> auth_;
  ControlRoutes routes_;
};

TEST_F(ConsolePresignTest, AKeyWithSpacesAndUnicodeAndAPartQueryVerify) {
  auto [target, headers] = presign(
      R"({"method": "PUT", "bucket": "photos", "key": "my dir/\u00e9t\u00e9 1+1.jpg",
          "query": {"partNumber": "2", "uploadId": "abc/def=="}, "mark": false})");
  EXPECT_TRUE(target.starts_with("/photos/my%20dir/%C3%A9t%C3%A9%201%2B1.jpg?")) << target;
  EXPECT_NE(target.find("X-Amz-Expires=900&"), std::string::npos) << target;
  EXPECT_TRUE(headers.empty());
  const Call c = request("PUT", target);
  EXPECT_EQ(c.op.key, "my dir/été 1+1.jpg");
  EXPECT_NE(target.find("uploadId=abc%2Fdef%3D%3D&"), std::string::npos) << target;
  EXPECT_TRUE(verifies(c));
}

TEST_F(ConsolePresignTest, TheServiceAndABucketAreSignedToo) {
  auto [service, h1] = presign(R"({"method": "GET", "mark": false})");
  EXPECT_TRUE(service.starts_with("/?")) << service;
  EXPECT_TRUE(verifies(request("GET", service)));
  auto [bucket, h2] = presign(R"({"method": "GET", "bucket": "b", "query": {"list-type": "2"},
                                  "mark": false})");
  EXPECT_TRUE(bucket.starts_with("/b?")) << bucket;
  EXPECT_TRUE(verifies(request("GET", bucket)));
}

TEST_F(ConsolePresignTest, SignedHeadersAndTheConsoleMarkMustBeSentAsSigned) {
  auto [target, headers] = presign(R"({"method": "PUT", "bucket": "b", "key": "k", "expires": 60,
                  "headers": {"x-amz-copy-source": "b/src", "Content-Type": "image/png"}})");
  EXPECT_NE(target.find("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-copy-source%3Bx-"
                        "s3sandbox-console&"),
            std::string::npos)
      << target;
  ASSERT_EQ(headers.size(), 3u);  // the two asked for and the journal's console mark
  EXPECT_TRUE(verifies(request("PUT", target, headers)));
  std::vector<core::Header> unmarked = headers;
  std::erase_if(unmarked, [](const core::Header& h) { return h.name == "x-s3sandbox-console"; });
  const Call without = request("PUT", target, unmarked);
  EXPECT_FALSE(auth_->authenticate(without.http,
                                   {without.op.bucket, false, without.op.key, without.op.query}));
}

TEST_F(ConsolePresignTest, WhatCannotBeSignedIsRefusedInWords) {
  EXPECT_EQ(ask(R"({"method": "PATCH", "bucket": "b"})").status, 400);
  const core::Response keyless = ask(R"({"method": "GET", "key": "k"})");
  EXPECT_EQ(keyless.status, 400);
  EXPECT_NE(keyless.body.find("MissingBucket"), std::string::npos) << keyless.body;
  const core::Response expiry = ask(R"({"method": "GET", "bucket": "b", "expires": 604801})");
  EXPECT_EQ(expiry.status, 400);
  EXPECT_NE(expiry.body.find("604800"), std::string::npos) << expiry.body;
  EXPECT_EQ(ask(R"({"method": "GET", "bucket": "b", "headers": {"bad name": "x"}})").status, 400);
  EXPECT_EQ(ask(R"({"method": "GET", "bucket": "b", "query": ["x"]})").status, 400);
}

TEST(ConsoleFilesTest, RedirectIndexCspAndRevalidation) {
  core::SystemClock clock;
  storage::testing::TempDir dir;
  auto backend = storage::open_sqlite_backend({dir.path(), false}, clock);
  ASSERT_TRUE(backend.has_value());
  ControlRoutes routes;
  add_console_routes(routes, {**backend, kCred, "us-east-1", clock});
  Call bare = request("GET", "/_sandbox/console");
  core::Response r = routes.dispatch(bare.http, bare.op, "");
  EXPECT_EQ(r.status, 301);
  Call index = request("GET", "/_sandbox/console/");
  r = routes.dispatch(index.http, index.op, "");
  ASSERT_EQ(r.status, 200);
  std::string etag;
  bool csp = false;
  for (const auto& h : r.headers) {
    if (h.name == "ETag") etag = h.value;
    if (h.name == "Content-Security-Policy")
      csp = h.value.find("script-src 'self'") != std::string::npos;
  }
  EXPECT_TRUE(csp);
  EXPECT_NE(r.body.find("js/main.js"), std::string::npos);
  Call again = request("GET", "/_sandbox/console/", {{"If-None-Match", etag}});
  r = routes.dispatch(again.http, again.op, "");
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
}

}  // namespace
}  // namespace s3sandbox::control
