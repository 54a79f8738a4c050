// A small blocking HTTP/1.1 client for the server tests: raw bytes out (so tests can send
// malformed, pipelined or partial requests), Beast's parser on the way in. Every read waits at
// most a few seconds so a broken server fails a test instead of hanging it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::http::testing {

struct Reply {
  int status = 0;
  std::vector<core::Header> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
};

class TestClient {
 public:
  explicit TestClient(std::uint16_t port);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  // Sends raw bytes; false if the peer has closed.
  bool send(std::string_view bytes);
  // Reads one response; `head` when it answers a HEAD request (no body follows). Throws
  // std::runtime_error when no complete response arrives.
  Reply read_reply(bool head = false);
  // True when the server closed the connection: EOF or reset, with no pending bytes.
  bool closed_by_peer();
  // Closes abruptly (RST), as a crashed or impatient client would.
  void abort();

 private:
  int fd_ = -1;
  std::string pending_;  // bytes read past the previous response
};

// "GET /x HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n"
std::string request(std::string_view method, std::string_view target,
                    std::string_view extra_headers = "", std::string_view body = "");

}  // namespace s3sandbox::http::testing
