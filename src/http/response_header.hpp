// The status line and header section of a response, serialized into one string: the handler's
// headers in order (server-owned and unsafe ones dropped, see protocol.hpp), Content-Length
// computed from the body, and the Connection header that the request's HTTP version needs.
// Written by hand rather than through Beast's serializer, whose generic buffer sequences cost a
// fifth of the user time of a small GET (perf, bench/RESULTS.md); the framing rules are the same.
// Thread safety: pure function.
#pragma once

#include <string>

#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::http {

struct HeaderFrame {
  unsigned version = 11;  // 10 or 11
  bool head = false;      // HEAD: Content-Length describes the GET's body, none follows
  bool keep_alive = true;
};

// "HTTP/1.1 200 OK\r\n...\r\n\r\n". Content-Length: the body's size (for HEAD, the handler's
// content_length when set); omitted for 1xx, 204 and 304. Connection: "close" when an HTTP/1.1
// connection closes after this response, "keep-alive" when an HTTP/1.0 one stays open.
std::string serialize_response_header(const core::Response& response, const HeaderFrame& frame);

}  // namespace s3sandbox::http
