#include "http/response_header.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::http {
namespace {

core::Response response(int status, std::string body = "") {
  core::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(ResponseHeaderTest, StatusLineHeadersInOrderAndLength) {
  core::Response r = response(200, "hello");
  r.headers.push_back({"ETag", "\"abc\""});
  r.headers.push_back({"x-amz-request-id", "1"});
  EXPECT_EQ(serialize_response_header(r, {11, false, true}),
            "HTTP/1.1 200 OK\r\nETag: \"abc\"\r\nx-amz-request-id: 1\r\n"
            "Content-Length: 5\r\n\r\n");
}

TEST(ResponseHeaderTest, Http11ClosingConnectionSaysClose) {
  EXPECT_EQ(serialize_response_header(response(404), {11, false, false}),
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

TEST(ResponseHeaderTest, Http10KeptAliveSaysKeepAlive) {
  EXPECT_EQ(serialize_response_header(response(200), {10, false, true}),
            "HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(serialize_response_header(response(200), {10, false, false}),
            "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
}

TEST(ResponseHeaderTest, HeadAnnouncesTheGetLength) {
  core::Response r = response(200);
  r.content_length = 4096;
  EXPECT_EQ(serialize_response_header(r, {11, true, true}),
            "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n");
}

TEST(ResponseHeaderTest, BodylessStatusesHaveNoContentLength) {
  EXPECT_EQ(serialize_response_header(response(204), {11, false, true}),
            "HTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_EQ(serialize_response_header(response(304), {11, false, true}),
            "HTTP/1.1 304 Not Modified\r\n\r\n");
}

TEST(ResponseHeaderTest, ServerOwnedAndUnsafeHeadersAreDropped) {
  core::Response r = response(200, "x");
  r.headers.push_back({"Content-Length", "99"});
  r.headers.push_back({"Connection", "keep-alive"});
  r.headers.push_back({"X-Evil", "a\r\nInjected: yes"});
  r.headers.push_back({"X-Fine", "ok"});
  EXPECT_EQ(serialize_response_header(r, {11, false, true}),
            "HTTP/1.1 200 OK\r\nX-Fine: ok\r\nContent-Length: 1\r\n\r\n");
}

}  // namespace
}  // namespace s3sandbox::http
