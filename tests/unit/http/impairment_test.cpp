// Deliberate misbehaviour a handler asks for (core::BodyImpairment, Response::delay; the
// sandbox's fault injection builds on it): delays, throttled bodies both ways, responses cut short
// (FIN) or reset (RST) after N body bytes, and a request body reset mid-upload, whose consumer is
// then abandoned without on_end(). Read with a raw socket, since a cut response is what a client
// library would refuse to parse.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "unit/http/server_fixture.hpp"

namespace s3sandbox::http::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 13 + i / 777) % 26);
  return s;
}

// What a raw client saw: every byte until the connection ended, and how it ended.
struct RawExchange {
  std::string bytes;
  bool reset = false;  // ECONNRESET rather than an orderly end of stream
  std::string body() const {
    const auto end = bytes.find("\r\n\r\n");
    return end == std::string::npos ? "" : bytes.substr(end + 4);
  }
};

// Sends `request` (and `body`, stopping quietly if the server resets) and reads until the server
// closes the connection (a few seconds at most).
RawExchange raw_exchange(std::uint16_t port, const std::string& request,
                         const std::string& body = "") {
  RawExchange out;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  const std::string all = request + body;
  std::size_t sent = 0;
  while (sent < all.size()) {
    const ssize_t n = ::send(fd, all.data() + sent, all.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      out.bytes.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    out.reset = n < 0 && errno == ECONNRESET;
    break;
  }
  ::close(fd);
  return out;
}

std::string get_request(std::string_view target) {
  return request("GET", target, "Connection: close\r\n");
}

class ImpairmentTest : public ServerTest {
 protected:
  // Answers every request with `body`, impaired as the test sets `impairment` and `delay`.
  void answer_with(std::string body) {
    handler_.on_start = [this, body](const core::RequestView&) {
      core::Response r = text(200, body);
      r.impairment = impairment_;
      r.delay = delay_;
      return core::StartResult::answer(std::move(r));
    };
  }
  core::BodyImpairment impairment_;
  std::chrono::milliseconds delay_{0};
};

TEST_F(ImpairmentTest, DelayHoldsTheResponseBack) {
  delay_ = std::chrono::milliseconds(300);
  answer_with("late");
  start();
  const auto began = Clock::now();
  TestClient client(port());
  client.send(request("GET", "/x"));
  EXPECT_EQ(client.read_reply().body, "late");
  EXPECT_GE(Clock::now() - began, std::chrono::milliseconds(290));
}

TEST_F(ImpairmentTest, ThrottledResponseTakesItsTimeAndArrivesWhole) {
  const std::string body = pattern(60 * 1024);
  impairment_.bytes_per_second = 150 * 1024;  // 0.4 s for the body
  answer_with(body);
  start();
  const auto began = Clock::now();
  TestClient client(port());
  client.send(request("GET", "/x"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.body, body);
  EXPECT_GE(Clock::now() - began, std::chrono::milliseconds(350));
  // The connection stays usable: throttling is not a failure.
  client.send(request("GET", "/y"));
  EXPECT_EQ(client.read_reply().body, body);
}

TEST_F(ImpairmentTest, TruncatedResponseEndsCleanlyShortOfItsContentLength) {
  const std::string body = pattern(10'000);
  impairment_.truncate_after = 1'000;
  answer_with(body);
  start();
  const RawExchange seen = raw_exchange(port(), get_request("/x"));
  EXPECT_NE(seen.bytes.find("Content-Length: 10000\r\n"), std::string::npos);
  EXPECT_EQ(seen.body(), body.substr(0, 1'000));
  EXPECT_FALSE(seen.reset);
  const auto done = handler_.wait_completions(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, 200);
  EXPECT_EQ(done[0].bytes_out, 1'000u);
}

TEST_F(ImpairmentTest, ResetResponseIsAbortedWithRst) {
  const std::string body = pattern(200'000);
  impairment_.reset_after = 50'000;
  answer_with(body);
  start();
  const RawExchange seen = raw_exchange(port(), get_request("/x"));
  EXPECT_TRUE(seen.reset);
  EXPECT_LE(seen.body().size(), 50'000u);
  EXPECT_EQ(seen.body(), body.substr(0, seen.body().size()));
  const auto done = handler_.wait_completions(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].bytes_out, 50'000u);
}

TEST_F(ImpairmentTest, ABodyShorterThanTheLimitIsUntouched) {
  impairment_.reset_after = 1'000;
  answer_with("short");
  start();
  TestClient client(port());
  client.send(request("GET", "/x"));
  EXPECT_EQ(client.read_reply().body, "short");
  client.send(request("GET", "/x"));
  EXPECT_EQ(client.read_reply().body, "short");
}

TEST_F(ImpairmentTest, FileBodyIsCutFromTheFile) {
  const std::string content = pattern(300'000);
  const auto path =
      std::filesystem::temp_directory_path() / ("s3sandbox-impair-" + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << content;
  handler_.on_start = [&path, &content](const core::RequestView&) {
    core::Response r;
    r.file = core::FileRange{core::UniqueFd(::open(path.c_str(), O_RDONLY)), 1'000,
                             content.size() - 1'000};
    r.impairment.truncate_after = 123'456;
    return core::StartResult::answer(std::move(r));
  };
  start();
  const RawExchange seen = raw_exchange(port(), get_request("/f"));
  std::filesystem::remove(path);
  EXPECT_EQ(seen.body(), content.substr(1'000, 123'456));
  EXPECT_FALSE(seen.reset);
}

TEST_F(ImpairmentTest, HeadResponseIsOnlyDelayed) {
  impairment_.truncate_after = 0;
  answer_with("abc");
  start();
  TestClient client(port());
  client.send(request("HEAD", "/x"));
  const Reply reply = client.read_reply(true);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.header("Content-Length"), "3");
}

class RequestImpairmentTest : public ServerTest {
 protected:
  void SetUp() override {
    record_ = std::make_shared<BodyRecord>();
    handler_.on_start = [this](const core::RequestView&) {
      core::StartResult s = core::StartResult::stream(std::make_unique<RecordingConsumer>(record_));
      s.request_impairment = impairment_;
      s.log_note = "upload (impaired)";
      return s;
    };
  }
  std::shared_ptr<BodyRecord> record_;
  core::BodyImpairment impairment_;
};

TEST_F(RequestImpairmentTest, ResetMidUploadAbandonsTheConsumer) {
  impairment_.reset_after = 10'000;
  start();
  const std::string body = pattern(1'000'000);
  const RawExchange seen = raw_exchange(
      port(), request("PUT", "/b/k", "Content-Length: " + std::to_string(body.size()) + "\r\n"),
      body);
  EXPECT_EQ(seen.bytes, "");  // no response, only the reset (or the end of a reset connection)
  ASSERT_TRUE(record_->wait_destroyed());
  {
    std::lock_guard lock(record_->mu);
    EXPECT_FALSE(record_->ended);
    EXPECT_EQ(record_->bytes, 10'000u);
    EXPECT_EQ(record_->data, body.substr(0, 10'000));
  }
  const auto done = handler_.wait_completions(1);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, 0);
  EXPECT_EQ(done[0].bytes_in, 10'000u);
  EXPECT_EQ(done[0].log_note, "upload (impaired)");
}

TEST_F(RequestImpairmentTest, ThrottledUploadIsReadSlowlyAndWhole) {
  impairment_.bytes_per_second = 200 * 1024;
  start();
  const std::string body = pattern(80 * 1024);  // 0.4 s
  const auto began = Clock::now();
  TestClient client(port());
  client.send(
      request("PUT", "/b/k", "Content-Length: " + std::to_string(body.size()) + "\r\n", body));
  EXPECT_EQ(client.read_reply().body, "got " + std::to_string(body.size()));
  EXPECT_GE(Clock::now() - began, std::chrono::milliseconds(350));
  std::lock_guard lock(record_->mu);
  EXPECT_TRUE(record_->ended);
  EXPECT_EQ(record_->hash, fnv1a(body));
}

TEST_F(ImpairmentTest, StopDoesNotWaitForALongDelay) {
  delay_ = std::chrono::seconds(60);
  answer_with("never");
  start();
  TestClient client(port());
  client.send(request("GET", "/x"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the delay has begun
  const auto began = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - began, std::chrono::seconds(3));
  EXPECT_TRUE(client.closed_by_peer());
}

}  // namespace
}  // namespace s3sandbox::http::testing
