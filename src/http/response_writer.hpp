// Writes one core::Response on a Beast stream: the status line and headers (framing computed here,
// never taken from the handler), then the body: in-memory bytes, or a file range streamed with
// sendfile(2) (falling back to pread + write), or nothing for HEAD and body-less statuses.
// On a TLS stream the bytes must pass through OpenSSL, so sendfile, TCP_CORK and the
// synchronous sendmsg fast path do not apply: a file body goes pread by pread through the
// connection's scratch buffer (memory bounded by body_chunk_bytes, whatever the object's size).
// Every write is bounded by `io_timeout`. Thread safety: call from the connection's strand.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <span>

#include "http/tls_stream.hpp"
#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::http {

struct ResponseFrame {
  unsigned version = 11;  // the request's HTTP version, 10 or 11
  bool head = false;      // HEAD request: headers only
  bool keep_alive = true;
  std::chrono::milliseconds io_timeout{60'000};
  bool use_sendfile = true;
};

struct WriteOutcome {
  bool header_sent = false;
  bool complete = false;         // header and whole body written
  std::uint64_t body_bytes = 0;  // body bytes written
};

// `scratch` is the connection's reusable buffer, used only by the pread fallback.
boost::asio::awaitable<WriteOutcome> write_response(boost::beast::tcp_stream& stream,
                                                    core::Response& response,
                                                    const ResponseFrame& frame,
                                                    std::span<char> scratch);

// The same over TLS; `scratch` must not be empty when the response has a file body.
boost::asio::awaitable<WriteOutcome> write_response(TlsStream& stream, core::Response& response,
                                                    const ResponseFrame& frame,
                                                    std::span<char> scratch);

// Writes the interim "HTTP/1.1 100 Continue" response.
boost::asio::awaitable<bool> write_continue(boost::beast::tcp_stream& stream,
                                            std::chrono::milliseconds io_timeout);
boost::asio::awaitable<bool> write_continue(TlsStream& stream,
                                            std::chrono::milliseconds io_timeout);

}  // namespace s3sandbox::http
