// Request bodies: streaming into the consumer, chunked encoding, 100-continue, early refusals,
// disconnects and handler exceptions.
#include <stdexcept>

#include "unit/http/server_fixture.hpp"

namespace s3sandbox::http::testing {
namespace {

class BodyTest : public ServerTest {
 protected:
  void SetUp() override {
    record_ = std::make_shared<BodyRecord>();
    handler_.on_start = [this](const core::RequestView& r) {
      if (r.path == "/refuse") return core::StartResult::answer(text(403, "refused"));
      return core::StartResult::stream(std::make_unique<RecordingConsumer>(record_));
    };
  }
  std::shared_ptr<BodyRecord> record_;
};

std::string body_of(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 1000) % 26);
  return s;
}

TEST_F(BodyTest, PutBodyStreamsToConsumerInBoundedPieces) {
  ServerOptions options = test_options();
  options.body_chunk_bytes = 64 * 1024;
  start(options);
  const std::string body = body_of(5 * 1024 * 1024);
  TestClient client(port());
  client.send(
      request("PUT", "/b/k", "Content-Length: " + std::to_string(body.size()) + "\r\n", body));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 200);
  std::lock_guard lock(record_->mu);
  EXPECT_TRUE(record_->ended);
  EXPECT_EQ(record_->bytes, body.size());
  EXPECT_EQ(record_->hash, fnv1a(body));
  EXPECT_GT(record_->pieces, 1u);
  EXPECT_LE(record_->largest_piece, options.body_chunk_bytes);
}

TEST_F(BodyTest, ContentLengthIsInTheView) {
  start();
  TestClient client(port());
  client.send(request("PUT", "/b/k", "Content-Length: 3\r\n", "abc"));
  client.read_reply();
  ASSERT_EQ(handler_.requests().size(), 1u);
  EXPECT_EQ(handler_.requests()[0].content_length, 3u);
  EXPECT_FALSE(handler_.requests()[0].chunked);
}

TEST_F(BodyTest, ChunkedBodyIsDechunked) {
  start();
  TestClient client(port());
  client.send(request("PUT", "/b/k", "Transfer-Encoding: chunked\r\n",
                      "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\n\r\n"));
  EXPECT_EQ(client.read_reply().body, "got 12");
  {
    std::lock_guard lock(record_->mu);
    EXPECT_EQ(record_->data, "hello world!");
  }
  EXPECT_TRUE(handler_.requests()[0].chunked);
  EXPECT_FALSE(handler_.requests()[0].content_length.has_value());
}

TEST_F(BodyTest, RequestWithoutBodyStillGetsOnEnd) {
  start();
  TestClient client(port());
  client.send(request("POST", "/b/k", "Content-Length: 0\r\n"));
  EXPECT_EQ(client.read_reply().body, "got 0");
  std::lock_guard lock(record_->mu);
  EXPECT_TRUE(record_->ended);
  EXPECT_EQ(record_->pieces, 0u);
}

TEST_F(BodyTest, ExpectContinueGets100WhenConsumerReturned) {
  start();
  TestClient client(port());
  client.send(request("PUT", "/b/k", "Content-Length: 4\r\nExpect: 100-continue\r\n"));
  EXPECT_EQ(client.read_reply().status, 100);
  client.send("data");
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "got 4");
}

TEST_F(BodyTest, ExpectContinueGets100EvenForAnEmptyBody) {
  start();
  TestClient client(port());
  client.send(request("PUT", "/b/k", "Content-Length: 0\r\nExpect: 100-continue\r\n"));
  EXPECT_EQ(client.read_reply().status, 100);
  EXPECT_EQ(client.read_reply().status, 200);
  // The keep-alive connection stays in step for the next request.
  client.send(request("PUT", "/b/k", "Content-Length: 0\r\nExpect: 100-continue\r\n"));
  EXPECT_EQ(client.read_reply().status, 100);
  EXPECT_EQ(client.read_reply().status, 200);
}

TEST_F(BodyTest, EarlyRefusalSkips100AndClosesConnection) {
  start();
  TestClient client(port());
  client.send(request("PUT", "/refuse", "Content-Length: 4\r\nExpect: 100-continue\r\n"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.header("Connection"), "close");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(BodyTest, EarlyRefusalWithBodyInFlightStillDeliversResponse) {
  start();
  const std::string body = body_of(512 * 1024);
  TestClient client(port());
  client.send(
      request("PUT", "/refuse", "Content-Length: " + std::to_string(body.size()) + "\r\n", body));
  EXPECT_EQ(client.read_reply().status, 403);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(BodyTest, ClientDisconnectMidBodyDestroysConsumerWithoutEnd) {
  start();
  {
    TestClient client(port());
    client.send(request("PUT", "/b/k", "Content-Length: 1000000\r\n", body_of(1000)));
    client.abort();
  }
  ASSERT_TRUE(record_->wait_destroyed());
  std::lock_guard lock(record_->mu);
  EXPECT_FALSE(record_->ended);
  const auto done = handler_.wait_completions(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, 0);
}

TEST_F(BodyTest, OnBodyResponseAbandonsBodyAndCloses) {
  handler_.on_start = [this](const core::RequestView&) {
    return core::StartResult::stream(std::make_unique<RecordingConsumer>(
        record_,
        [](BodyRecord&) -> std::optional<core::Response> { return text(400, "bad digest"); }));
  };
  ServerOptions options = test_options();
  options.body_chunk_bytes = 1024;
  start(options);
  const std::string body = body_of(300 * 1024);
  TestClient client(port());
  client.send(
      request("PUT", "/b/k", "Content-Length: " + std::to_string(body.size()) + "\r\n", body));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.header("Connection"), "close");
  EXPECT_TRUE(client.closed_by_peer());
  std::lock_guard lock(record_->mu);
  EXPECT_FALSE(record_->ended);
}

TEST_F(BodyTest, CompletionCountsBodyBytesInAndOut) {
  start();
  TestClient client(port());
  client.send(request("PUT", "/b/k", "Content-Length: 10\r\n", "0123456789"));
  client.read_reply();
  const auto done = handler_.wait_completions(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, 200);
  EXPECT_EQ(done[0].bytes_in, 10u);
  EXPECT_EQ(done[0].bytes_out, std::string("got 10").size());
}

TEST_F(ServerTest, HandlerThrowingInStartGets500) {
  handler_.on_start = [](const core::RequestView&) -> core::StartResult {
    throw std::runtime_error("boom");
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 500);
  EXPECT_NE(reply.body.find("<Code>InternalError</Code>"), std::string::npos);
  EXPECT_EQ(reply.body.find("boom"), std::string::npos);  // no details leaked
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(BodyTest, ConsumerThrowingInOnBodyGets500) {
  handler_.on_start = [this](const core::RequestView&) {
    return core::StartResult::stream(std::make_unique<RecordingConsumer>(
        record_, [](BodyRecord&) -> std::optional<core::Response> {
          throw std::runtime_error("disk full");
        }));
  };
  start();
  TestClient client(port());
  client.send(request("PUT", "/b/k", "Content-Length: 4\r\n", "data"));
  EXPECT_EQ(client.read_reply().status, 500);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(BodyTest, MalformedChunkGets400) {
  start();
  TestClient client(port());
  client.send(request("PUT", "/b/k", "Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n"));
  EXPECT_EQ(client.read_reply().status, 400);
  ASSERT_TRUE(record_->wait_destroyed());
  std::lock_guard lock(record_->mu);
  EXPECT_FALSE(record_->ended);
}

}  // namespace
}  // namespace s3sandbox::http::testing
