// The ends of an HTTPS connection: the server's TLS handshake, with a failure said in words a
// developer can act on (and a plain-HTTP client answered in plain HTTP), and the close_notify
// that ends it. Also recognises a TLS handshake sent to the plain-HTTP port.
// Thread safety: that of the connection owning the stream.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <string>

#include "http/tls_stream.hpp"

namespace s3sandbox::http {

// The TLS handshake, bounded by `timeout`: a client that never finishes one holds no worker.
// A plain-HTTP client (http:// to the HTTPS port) is answered 400 in plain HTTP, once, so that
// it sees why instead of a closed connection. False when the connection cannot carry requests;
// the reason is logged.
boost::asio::awaitable<bool> accept_tls(TlsStream& stream, const std::string& peer,
                                        std::chrono::milliseconds timeout);

// Sends TLS close_notify before the TCP close, so that a client reading to the end of the
// connection sees a clean end rather than a truncation; bounded, as the client may not answer.
boost::asio::awaitable<void> close_tls(TlsStream& stream);

// True when `buffer` starts like a TLS handshake: a handshake record (22) of TLS 1.x.
bool looks_like_tls(const boost::beast::flat_buffer& buffer);

}  // namespace s3sandbox::http
