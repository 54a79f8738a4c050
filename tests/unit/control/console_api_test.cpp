// The console's server side: its presigned URLs pass the server's own SigV4 verification (keys
// with spaces and non-ASCII, sub-resource queries, signed headers), and its files are served
// with the redirect, CSP and ETag revalidation the page relies on.
#include "s3sandbox/control/console_api.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/control/console_presign.hpp"
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

class ConsolePresignTest : public ::testing::Test {
 protected:
  ConsolePresignTest() {
    clock_.freeze(core::TimePoint(std::chrono::seconds(1893456000)));  // 2030-01-01
    auth::AuthOptions o;
    o.credentials.add(kCred);
    auth_ = std::make_unique<auth::Authenticator>(o, clock_);
  }
  bool verifies(const Call& c) const {
    auto r = auth_->authenticate(c.http, {c.op.bucket, false, c.op.key, c.op.query});
    if (!r) ADD_FAILURE() << r.error().effective_message();
    return r.has_value();
  }
  core::SystemClock clock_;
  std::unique_ptr<auth::Authenticator> auth_;
};

TEST_F(ConsolePresignTest, AKeyWithSpacesAndUnicodeAndAPartQueryVerify) {
  PresignRequest p{"PUT",
                   "localhost:9000",
                   "photos",
                   "my dir/été 1+1.jpg",
                   {{"partNumber", "2"}, {"uploadId", "abc/def=="}},
                   {}};
  const std::string target = presign_path(p, kCred, "us-east-1", clock_.now());
  EXPECT_TRUE(target.starts_with("/photos/my%20dir/%C3%A9t%C3%A9%201%2B1.jpg?")) << target;
  const Call c = request("PUT", target);
  EXPECT_EQ(c.op.key, "my dir/été 1+1.jpg");
  EXPECT_TRUE(verifies(c));
}

TEST_F(ConsolePresignTest, SignedHeadersMustBeSentAsSigned) {
  PresignRequest p{"PUT", "localhost:9000",
                   "b",   "k",
                   {},    {{"x-amz-copy-source", "b/src"}, {"x-s3sandbox-console", "1"}}};
  const std::string target = presign_path(p, kCred, "us-east-1", clock_.now());
  EXPECT_TRUE(verifies(
      request("PUT", target, {{"x-amz-copy-source", "b/src"}, {"x-s3sandbox-console", "1"}})));
  const Call without = request("PUT", target, {{"x-s3sandbox-console", "1"}});
  EXPECT_FALSE(auth_->authenticate(without.http,
                                   {without.op.bucket, false, without.op.key, without.op.query}));
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
