// An outside project's test: starts s3sandbox in-process through include/s3sandbox/testing.hpp
// and talks S3 to it over HTTP (Boost.Beast) with requests signed by the testing helpers, as a
// user's S3 client would.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <s3sandbox/testing.hpp>
#include <string>

namespace {

namespace http = boost::beast::http;
using s3sandbox::testing::Endpoint;
using s3sandbox::testing::HeaderList;

struct Reply {
  int status = 0;
  std::string body;
};

// One request on its own connection. `target` is the path and query as sent.
Reply send(const Endpoint& endpoint, const std::string& method, const std::string& target,
           const HeaderList& headers, const std::string& body = {}) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address(endpoint.address), endpoint.port});
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  for (const auto& [name, value] : headers) request.set(name, value);
  if (request.find(http::field::host) == request.end())
    request.set(http::field::host, endpoint.host);
  request.body() = body;
  request.prepare_payload();
  http::write(socket, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  return {static_cast<int>(response.result_int()), response.body()};
}

Reply signed_request(const Endpoint& endpoint, const std::string& method, const std::string& path,
                     const std::string& body = {}) {
  s3sandbox::testing::RequestToSign request;
  request.method = method;
  request.path = path;
  request.payload = body;
  return send(endpoint, method, path, s3sandbox::testing::sign_request(endpoint, request), body);
}

class ConsumerTest : public s3sandbox::testing::SandboxTest {};

TEST_F(ConsumerTest, UploadsAnObjectAndReadsItBack) {
  const Endpoint& s3 = endpoint();
  EXPECT_EQ(s3.address, "127.0.0.1");
  EXPECT_NE(s3.port, 0);
  EXPECT_EQ(s3.access_key, "s3sandbox");
  EXPECT_EQ(s3.region, "us-east-1");

  ASSERT_EQ(signed_request(s3, "PUT", "/consumer").status, 200);
  const std::string content = "uploaded by an outside project\n";
  ASSERT_EQ(signed_request(s3, "PUT", "/consumer/dir/hello%20world.txt", content).status, 200);

  Reply got = signed_request(s3, "GET", "/consumer/dir/hello%20world.txt");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, content);

  // The same object through a presigned URL: only the target is needed.
  std::string url = s3sandbox::testing::presign_url(s3, "GET", "/consumer/dir/hello%20world.txt",
                                                    std::chrono::minutes(5));
  ASSERT_EQ(url.rfind(s3.url, 0), 0u) << url;
  Reply presigned = send(s3, "GET", url.substr(s3.url.size()), {});
  EXPECT_EQ(presigned.status, 200) << presigned.body;
  EXPECT_EQ(presigned.body, content);
}

TEST_F(ConsumerTest, RefusesARequestSignedWithAnotherSecret) {
  Endpoint wrong = endpoint();
  wrong.secret_key = "not-the-secret";
  Reply refused = signed_request(wrong, "GET", "/consumer/dir/hello%20world.txt");
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("<Code>SignatureDoesNotMatch</Code>"), std::string::npos)
      << refused.body;
}

TEST_F(ConsumerTest, RefusesAnExpiredPresignedUrl) {
  std::string url = s3sandbox::testing::presign_url(
      endpoint(), "GET", "/consumer/dir/hello%20world.txt", std::chrono::seconds(60),
      std::chrono::system_clock::now() - std::chrono::minutes(10));
  Reply refused = send(endpoint(), "GET", url.substr(endpoint().url.size()), {});
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("<Code>AccessDenied</Code>"), std::string::npos) << refused.body;
}

}  // namespace
