// Fault rules applied by app::Application (AppHarness, no sockets): an injected error before the
// body never runs the handler, one after the body discards what the handler staged, both carry
// x-s3sandbox-fault and a diagnosis; the transport effects reach the response and the request
// body for the HTTP layer to apply; S3 requests the rules do not match are untouched.
#include <gtest/gtest.h>

#include "app_harness.hpp"
#include "s3sandbox/app/faults.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

class FaultHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(app.put("/bkt").status, 200);
    app.app().set_fault_injector(&faults);
  }
  std::uint64_t add(std::string_view spec) {
    auto rule = parse_fault_rule(spec);
    EXPECT_TRUE(rule.has_value()) << spec;
    return faults.add(*rule).id;
  }
  core::StartResult start(std::string method, std::string target,
                          std::optional<std::uint64_t> length = std::nullopt) {
    request_.method = std::move(method);
    request_.target = target;
    const auto q = target.find('?');
    request_.path = target.substr(0, q);
    request_.query = q == std::string::npos ? "" : target.substr(q + 1);
    request_.headers = {{"Host", "localhost:9000"}};
    request_.content_length = length;
    request_.remote_address = "127.0.0.1:1";
    return app.app().start(request_);
  }

  FaultInjector faults;
  AppHarness app;
  core::RequestView request_;  // outlives the exchange, as the server's does
};

TEST_F(FaultHandlers, ErrorBeforeTheBodyStoresNothing) {
  const auto id = add("operation=PutObject,times=1,error=SlowDown");
  const auto refused = app.put("/bkt/k", "data");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.error_code(), "SlowDown");
  EXPECT_EQ(refused.header("x-s3sandbox-fault"),
            "#" + std::to_string(id) + " operation=PutObject,error=SlowDown,times=1");
  EXPECT_NE(refused.header("x-s3sandbox-diagnosis")->find("DELETE /_sandbox/faults/"),
            std::string::npos);
  EXPECT_EQ(app.get("/bkt/k").status, 404);
  // times=1: the retry succeeds.
  EXPECT_EQ(app.put("/bkt/k", "data").status, 200);
  EXPECT_EQ(app.get("/bkt/k").body, "data");
}

TEST_F(FaultHandlers, ErrorBeforeTheBodyAnswersWithoutReadingIt) {
  add("operation=PutObject,error=InternalError");
  const core::StartResult started = start("PUT", "/bkt/k", 1000);
  ASSERT_TRUE(started.response);
  EXPECT_EQ(started.response->status, 500);
  EXPECT_FALSE(started.consumer);
}

TEST_F(FaultHandlers, ErrorAfterTheBodyDiscardsTheStagedUpload) {
  ASSERT_EQ(app.put("/bkt/k", "old").status, 200);
  add("operation=PutObject,error=InternalError,status=502,when=after-body");
  const std::string body(200 * 1024, 'n');
  const auto refused = app.put("/bkt/k", body);
  EXPECT_EQ(refused.status, 502);  // the rule's status over the code's
  EXPECT_EQ(refused.error_code(), "InternalError");
  EXPECT_TRUE(refused.header("x-s3sandbox-fault"));
  EXPECT_EQ(app.get("/bkt/k").body, "old");
}

TEST_F(FaultHandlers, ErrorAfterTheBodyReadsItFirst) {
  add("operation=PutObject,error=SlowDown,when=after-body");
  core::StartResult started = start("PUT", "/bkt/k", 4);
  ASSERT_TRUE(started.consumer);
  EXPECT_FALSE(started.consumer->on_body(std::span<const char>("data", 4)));
  const core::Response answer = started.consumer->on_end();
  EXPECT_EQ(answer.status, 503);
  started.consumer.reset();
  EXPECT_EQ(app.get("/bkt/k").status, 404);
}

TEST_F(FaultHandlers, ErrorOnAnOperationWithoutABodyNeverRunsIt) {
  ASSERT_EQ(app.put("/bkt/k", "keep").status, 200);
  add("operation=DeleteObject,error=InternalError,when=after-body");
  EXPECT_EQ(app.send("DELETE", "/bkt/k").status, 500);
  EXPECT_EQ(app.get("/bkt/k").body, "keep");
}

TEST_F(FaultHandlers, OnePartOfAMultipartUploadFailsOnce) {
  const auto created = app.send("POST", "/bkt/mp?uploads");
  ASSERT_EQ(created.status, 200);
  const auto open = created.body.find("<UploadId>") + 10;
  const std::string upload = created.body.substr(open, created.body.find("</UploadId>") - open);
  add("operation=UploadPart,part=2,times=1,error=InternalError,when=after-body");
  const std::string part = "/bkt/mp?uploadId=" + upload + "&partNumber=";
  EXPECT_EQ(app.put(part + "1", "one").status, 200);
  EXPECT_EQ(app.put(part + "2", "two").status, 500);
  const auto listed = app.get("/bkt/mp?uploadId=" + upload);
  EXPECT_EQ(listed.body.find("<PartNumber>2</PartNumber>"), std::string::npos) << listed.body;
  EXPECT_EQ(app.put(part + "2", "two").status, 200);  // the retry
  EXPECT_NE(app.get("/bkt/mp?uploadId=" + upload).body.find("<PartNumber>2</PartNumber>"),
            std::string::npos);
}

TEST_F(FaultHandlers, TransportEffectsReachTheResponse) {
  ASSERT_EQ(app.put("/bkt/k", std::string(5000, 'x')).status, 200);
  add("operation=GetObject,key=k,delay=250ms,throttle=1KiB/s,truncate=100");
  const core::StartResult started = start("GET", "/bkt/k");
  ASSERT_TRUE(started.response);
  const core::Response& r = *started.response;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.delay, std::chrono::milliseconds(250));
  EXPECT_EQ(r.impairment.bytes_per_second, 1024u);
  EXPECT_EQ(r.impairment.truncate_after, 100u);
  EXPECT_NE(r.log_note.find("fault #"), std::string::npos);
  bool marked = false;
  for (const auto& h : r.headers) marked |= h.name == "x-s3sandbox-fault";
  EXPECT_TRUE(marked);
}

TEST_F(FaultHandlers, DirectionPicksTheBody) {
  add("operation=PutObject,reset-after=1KiB,direction=request");
  core::StartResult started = start("PUT", "/bkt/k", 5000);
  ASSERT_TRUE(started.consumer);
  EXPECT_EQ(started.request_impairment.reset_after, 1024u);
  EXPECT_NE(started.log_note.find("fault #"), std::string::npos);
  EXPECT_FALSE(started.consumer->on_body(std::span<const char>("abcd", 4)));
  const core::Response answer = started.consumer->on_end();
  EXPECT_EQ(answer.impairment.reset_after, core::BodyImpairment::kNever);
}

TEST_F(FaultHandlers, UnmatchedRequestsAreUntouched) {
  add("operation=PutObject,bucket=other,error=SlowDown");
  add("operation=GetObject,auth=sigv4-presigned,error=SlowDown");
  const auto put = app.put("/bkt/k", "fine");
  EXPECT_EQ(put.status, 200);
  EXPECT_FALSE(put.header("x-s3sandbox-fault"));
  EXPECT_EQ(app.get("/bkt/k").status, 200);  // the harness's requests are anonymous
  add("operation=GetObject,auth=anonymous,error=SlowDown");
  EXPECT_EQ(app.get("/bkt/k").status, 503);
}

TEST_F(FaultHandlers, ControlRequestsAreNeverFaulted) {
  add("error=SlowDown");
  EXPECT_NE(app.get("/_sandbox/health").status, 503);
}

}  // namespace
}  // namespace s3sandbox::app
