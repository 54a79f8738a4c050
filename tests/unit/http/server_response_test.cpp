// Responses: in-memory bodies, HEAD, body-less statuses, keep-alive, pipelining, file ranges.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "unit/http/server_fixture.hpp"

namespace s3sandbox::http::testing {
namespace {

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + i / 4096) & 0xff);
  return s;
}

// A temp file holding `content`, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& content)
      : path_(::testing::TempDir() + "http_file_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name()) {
    std::ofstream(path_, std::ios::binary)
        .write(content.data(), static_cast<std::streamsize>(content.size()));
  }
  ~TempFile() { std::remove(path_.c_str()); }
  core::UniqueFd open() const { return core::UniqueFd(::open(path_.c_str(), O_RDONLY)); }

 private:
  std::string path_;
};

TEST_F(ServerTest, PortZeroBindsAFreePort) {
  start();
  EXPECT_NE(port(), 0);
}

TEST_F(ServerTest, GetReturnsInMemoryBodyWithHeaders) {
  handler_.on_start = [](const core::RequestView&) {
    core::Response r = text(200, "hello world");
    r.headers.push_back({"ETag", "\"abc\""});
    r.headers.push_back({"Content-Length", "999"});  // ignored: the server frames the body
    return core::StartResult::answer(std::move(r));
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/b/k"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "hello world");
  EXPECT_EQ(reply.header("Content-Length"), "11");
  EXPECT_EQ(reply.header("ETag"), "\"abc\"");
}

TEST_F(ServerTest, RequestViewCarriesRawTargetSplitAndHeaders) {
  start();
  TestClient client(port());
  client.send(request("GET", "/b/k%20x?uploads&a=b", "X-Amz-Meta-A: 1\r\nx-amz-meta-a: 2\r\n"));
  client.read_reply();
  const auto requests = handler_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const core::RequestView& v = requests[0];
  EXPECT_EQ(v.method, "GET");
  EXPECT_EQ(v.target, "/b/k%20x?uploads&a=b");
  EXPECT_EQ(v.path, "/b/k%20x");
  EXPECT_EQ(v.query, "uploads&a=b");
  EXPECT_EQ(v.header_joined("X-AMZ-META-A"), "1,2");
  EXPECT_FALSE(v.content_length.has_value());
  EXPECT_NE(v.remote_address.find("127.0.0.1:"), std::string::npos);
}

// RFC 9112 3.2.2: a server must accept an absolute-form target, and its authority replaces the
// Host header.
TEST_F(ServerTest, AbsoluteFormTargetIsSeenAsOriginFormWithTheAuthorityAsHost) {
  start();
  TestClient client(port());
  client.send(request("GET", "http://b.example:9000/b/k%20x?uploads&a=b", "X-A: 1\r\n"));
  EXPECT_EQ(client.read_reply().status, 200);
  client.send("GET http://other.example HTTP/1.1\r\n\r\n");  // no Host header at all
  EXPECT_EQ(client.read_reply().status, 200);
  const auto requests = handler_.requests();
  ASSERT_EQ(requests.size(), 2u);
  const core::RequestView& v = requests[0];
  EXPECT_EQ(v.target, "/b/k%20x?uploads&a=b");
  EXPECT_EQ(v.path, "/b/k%20x");
  EXPECT_EQ(v.query, "uploads&a=b");
  EXPECT_EQ(v.header_joined("Host"), "b.example:9000");  // not the "t" the client sent
  EXPECT_EQ(v.header("X-A"), "1");
  EXPECT_EQ(requests[1].path, "/");
  EXPECT_EQ(requests[1].query, "");
  EXPECT_EQ(requests[1].header("Host"), "other.example");
}

TEST_F(ServerTest, HeadSendsContentLengthWithoutBody) {
  handler_.on_start = [](const core::RequestView& r) {
    core::Response resp = text(200, r.method == "HEAD" ? "" : "after");
    if (r.method == "HEAD") resp.content_length = 12345;
    return core::StartResult::answer(std::move(resp));
  };
  start();
  TestClient client(port());
  client.send(request("HEAD", "/b/k"));
  const Reply head = client.read_reply(/*head=*/true);
  EXPECT_EQ(head.header("Content-Length"), "12345");
  // Had the server sent body bytes, they would corrupt the next response on this connection.
  client.send(request("GET", "/b/k"));
  EXPECT_EQ(client.read_reply().body, "after");
}

TEST_F(ServerTest, NoContentHasNoContentLength) {
  handler_.on_start = [](const core::RequestView&) {
    core::Response r;
    r.status = 204;
    return core::StartResult::answer(std::move(r));
  };
  start();
  TestClient client(port());
  client.send(request("DELETE", "/b/k"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 204);
  EXPECT_FALSE(reply.header("Content-Length").has_value());
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start();
  TestClient client(port());
  client.send(request("GET", "/one"));
  EXPECT_EQ(client.read_reply().body, "/one");
  client.send(request("GET", "/two"));
  EXPECT_EQ(client.read_reply().body, "/two");
}

TEST_F(ServerTest, PipelinedRequestsAnsweredInOrder) {
  start();
  TestClient client(port());
  client.send(request("GET", "/1") + request("GET", "/2") + request("GET", "/3"));
  EXPECT_EQ(client.read_reply().body, "/1");
  EXPECT_EQ(client.read_reply().body, "/2");
  EXPECT_EQ(client.read_reply().body, "/3");
}

TEST_F(ServerTest, ConnectionCloseRequestIsHonoured) {
  start();
  TestClient client(port());
  client.send(request("GET", "/x", "Connection: close\r\n"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.header("Connection"), "close");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(ServerTest, Http10WithoutKeepAliveCloses) {
  start();
  TestClient client(port());
  client.send("GET /x HTTP/1.0\r\n\r\n");
  EXPECT_EQ(client.read_reply().body, "/x");
  EXPECT_TRUE(client.closed_by_peer());
}

TEST_F(ServerTest, FileRangeResponseSendsExactBytes) {
  const std::string content = pattern(10'000);
  TempFile file(content);
  handler_.on_start = [&](const core::RequestView&) {
    core::Response r;
    r.status = 206;
    r.file = core::FileRange{file.open(), 1000, 2500};
    return core::StartResult::answer(std::move(r));
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/f"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.status, 206);
  EXPECT_EQ(reply.header("Content-Length"), "2500");
  EXPECT_EQ(reply.body, content.substr(1000, 2500));
}

TEST_F(ServerTest, LargeFileResponseStreamsWholeFile) {
  const std::string content = pattern(20 * 1024 * 1024);
  TempFile file(content);
  handler_.on_start = [&](const core::RequestView&) {
    core::Response r;
    r.file = core::FileRange{file.open(), 0, content.size()};
    return core::StartResult::answer(std::move(r));
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/big"));
  const Reply reply = client.read_reply();
  ASSERT_EQ(reply.body.size(), content.size());
  EXPECT_TRUE(reply.body == content);
  // The connection is still usable after a streamed file.
  client.send(request("GET", "/big"));
  EXPECT_EQ(client.read_reply().body.size(), content.size());
  const auto done = handler_.wait_completions(2);
  ASSERT_GE(done.size(), 1u);
  EXPECT_EQ(done[0].bytes_out, content.size());
}

TEST_F(ServerTest, FileResponseWithoutSendfileSendsExactBytes) {
  const std::string content = pattern(3 * 1024 * 1024 + 17);
  TempFile file(content);
  handler_.on_start = [&](const core::RequestView&) {
    core::Response r;
    r.file = core::FileRange{file.open(), 5, content.size() - 5};
    return core::StartResult::answer(std::move(r));
  };
  ServerOptions options = test_options();
  options.use_sendfile = false;
  options.body_chunk_bytes = 64 * 1024;
  start(options);
  TestClient client(port());
  client.send(request("GET", "/f"));
  const Reply reply = client.read_reply();
  ASSERT_EQ(reply.body.size(), content.size() - 5);
  EXPECT_TRUE(reply.body == content.substr(5));
}

TEST_F(ServerTest, HeadOfFileSendsLengthOnly) {
  TempFile file(pattern(4096));
  handler_.on_start = [&](const core::RequestView&) {
    core::Response r;
    r.file = core::FileRange{file.open(), 0, 4096};
    return core::StartResult::answer(std::move(r));
  };
  start();
  TestClient client(port());
  client.send(request("HEAD", "/f"));
  EXPECT_EQ(client.read_reply(true).header("Content-Length"), "4096");
  client.send(request("HEAD", "/f"));
  EXPECT_EQ(client.read_reply(true).status, 200);
}

TEST_F(ServerTest, UnsafeHandlerHeaderIsDropped) {
  handler_.on_start = [](const core::RequestView&) {
    core::Response r = text(200, "x");
    r.headers.push_back({"X-Bad", "a\r\nSet-Cookie: evil"});
    return core::StartResult::answer(std::move(r));
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/"));
  const Reply reply = client.read_reply();
  EXPECT_FALSE(reply.header("X-Bad").has_value());
  EXPECT_FALSE(reply.header("Set-Cookie").has_value());
}

}  // namespace
}  // namespace s3sandbox::http::testing
