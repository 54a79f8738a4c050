// Connection life: protocol errors, timeouts, the connection limit and graceful stop.
#include <future>
#include <thread>

#include "unit/http/server_fixture.hpp"

namespace s3sandbox::http::testing {
namespace {

TEST_F(ServerTest, OversizeHeaderGets400AndClose) {
  ServerOptions options = test_options();
  options.max_header_bytes = 1024;
  start(options);
  TestClient client(port());
  client.send(request("GET", "/", "X-Big: " + std::string(4096, 'x') + "\r\n"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("<Code>RequestHeaderSectionTooLarge</Code>"), std::string::npos);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(ServerTest, MalformedRequestLineGets400AndClose) {
  start();
  TestClient client(port());
  client.send("GET\r\n\r\n");
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 400);
  EXPECT_NE(reply.body.find("<Code>BadRequest</Code>"), std::string::npos);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(ServerTest, ServerKeepsServingAfterMalformedRequest) {
  start();
  {
    TestClient bad(port());
    bad.send("\x01\x02 garbage \r\n\r\n");
    bad.read_reply();
  }
  TestClient good(port());
  good.send(request("GET", "/ok"));
  EXPECT_EQ(good.read_reply().body, "/ok");
}

TEST_F(ServerTest, HandlerSeesNoRequestForMalformedInput) {
  start();
  TestClient client(port());
  client.send("NOT HTTP AT ALL\r\n\r\n");
  client.read_reply();
  EXPECT_TRUE(handler_.requests().empty());
}

TEST_F(ServerTest, IdleConnectionClosedAfterHeaderTimeout) {
  ServerOptions options = test_options();
  options.header_timeout = std::chrono::milliseconds(200);
  start(options);
  TestClient client(port());
  EXPECT_TRUE(client.closed_by_peer());  // the client's own read timeout is 10 s
}

TEST_F(ServerTest, IdleKeepAliveConnectionClosedAfterHeaderTimeout) {
  ServerOptions options = test_options();
  options.header_timeout = std::chrono::milliseconds(200);
  start(options);
  TestClient client(port());
  client.send(request("GET", "/a"));
  EXPECT_EQ(client.read_reply().body, "/a");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(ServerTest, ConnectionsBeyondLimitAreClosed) {
  ServerOptions options = test_options();
  options.max_connections = 1;
  start(options);
  TestClient first(port());
  first.send(request("GET", "/a"));
  EXPECT_EQ(first.read_reply().body, "/a");  // `first` is now registered and idle
  TestClient second(port());
  EXPECT_TRUE(second.closed_by_peer());
  first.send(request("GET", "/b"));
  EXPECT_EQ(first.read_reply().body, "/b");
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  handler_.on_start = [&](const core::RequestView&) {
    entered.set_value();
    released.wait();
    return core::StartResult::answer(text(200, "slow done"));
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/slow"));
  entered.get_future().wait();
  auto stopping = std::async(std::launch::async, [&] { server_->stop(); });
  // Give stop() time to begin (not required for correctness: the response must arrive either
  // way, and stop() must return once it has been sent).
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  release.set_value();
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "slow done");
  EXPECT_EQ(reply.header("Connection"), "close");
  stopping.get();
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndIsIdempotent) {
  start();
  TestClient client(port());
  client.send(request("GET", "/a"));
  client.read_reply();
  server_->stop();
  EXPECT_TRUE(client.closed_by_peer());
  server_->stop();
}

TEST_F(ServerTest, StopAfterGraceClosesStuckStreams) {
  ServerOptions options = test_options();
  options.shutdown_grace = std::chrono::milliseconds(100);
  auto record = std::make_shared<BodyRecord>();
  std::promise<void> entered;
  handler_.on_start = [&](const core::RequestView&) {
    entered.set_value();
    return core::StartResult::stream(std::make_unique<RecordingConsumer>(record));
  };
  start(options);
  TestClient client(port());
  // The client never finishes its body: the exchange stays in flight until stop() cuts it.
  client.send(request("PUT", "/b/k", "Content-Length: 100\r\n", "partial"));
  entered.get_future().wait();
  server_->stop();
  EXPECT_TRUE(record->wait_destroyed());
  EXPECT_FALSE(record->ended);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(ServerStartTest, BindFailureIsReported) {
  TestHandler handler;
  handler.on_start = [](const core::RequestView&) {
    return core::StartResult::answer(text(200, ""));
  };
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  Server first(options, handler);
  ASSERT_FALSE(first.start());
  options.port = first.port();
  Server second(options, handler);
  EXPECT_TRUE(second.start());
}

TEST(ServerStartTest, DestructorStopsARunningServer) {
  TestHandler handler;
  handler.on_start = [](const core::RequestView&) {
    return core::StartResult::answer(text(200, ""));
  };
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  auto server = std::make_unique<Server>(options, handler);
  ASSERT_FALSE(server->start());
  TestClient client(server->port());
  server.reset();
  EXPECT_TRUE(client.closed_by_peer());
}

}  // namespace
}  // namespace s3sandbox::http::testing
