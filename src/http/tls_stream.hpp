// The stream of an HTTPS connection: Asio's OpenSSL stream (through Beast's ssl_stream, which
// coalesces small writes into one TLS record) over the same tcp_stream plain connections use,
// so that timeouts, socket options and the raw socket stay reachable with
// beast::get_lowest_layer(). Thread safety: that of the connection owning it.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace s3sandbox::http {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

}  // namespace s3sandbox::http
