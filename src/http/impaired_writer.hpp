// The slow path of write_response(), taken only when the handler asked for a misbehaving response
// body (core::BodyImpairment: the sandbox's fault injection): the header is sent as usual, then the
// body, from memory or from its file, in small pieces through the connection's scratch buffer,
// throttled to a rate, cut short (truncate: the connection is closed after N body bytes although
// Content-Length promised more) or reset (TCP RST after N body bytes). Waits are on `pause`, a
// timer of the connection's executor (never a blocked thread) that the connection cancels when it
// closes. Thread safety: call from the connection's executor.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <span>

#include "http/response_writer.hpp"
#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::http {

// `scratch` must not be empty. Not complete when the body was cut short or reset.
boost::asio::awaitable<WriteOutcome> write_impaired_response(boost::beast::tcp_stream& stream,
                                                             core::Response& response,
                                                             const ResponseFrame& frame,
                                                             std::span<char> scratch,
                                                             boost::asio::steady_timer& pause);

boost::asio::awaitable<WriteOutcome> write_impaired_response(TlsStream& stream,
                                                             core::Response& response,
                                                             const ResponseFrame& frame,
                                                             std::span<char> scratch,
                                                             boost::asio::steady_timer& pause);

// Waits `duration` on `pause`; false when cancelled (the connection closed) or it failed.
boost::asio::awaitable<bool> pause_for(boost::asio::steady_timer& pause,
                                       std::chrono::nanoseconds duration);

// Closes the socket with a TCP RST (SO_LINGER 0) instead of the orderly FIN: what a client sees
// when a connection is reset mid-transfer.
void reset_connection(boost::beast::tcp_stream& stream);

}  // namespace s3sandbox::http
