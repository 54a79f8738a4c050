// The per-connection side of the server: one coroutine per accepted socket, running on the
// io_context the socket belongs to (one thread per context) for the connection's whole life,
// serving requests in order until the peer closes, a timeout fires, an exchange requires
// closing, or the server stops. See s3sandbox/core/exchange.hpp for the handler contract.
// Thread safety: start_connection() may be called from any thread; everything else of a
// connection runs on its socket's executor, never concurrently.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>

#include "http/server_context.hpp"

namespace s3sandbox::http {

// Takes ownership of an accepted socket, which belongs to worker `worker`'s io_context, and
// starts serving it (`tls`: HTTPS, with context.tls, handshake first), or closes it at once when
// the connection limit is reached.
void start_connection(ServerContext& context, boost::asio::ip::tcp::socket socket,
                      std::size_t worker, bool tls = false);

// The same connection as a socket of `io` (registered with that context's reactor instead): an
// accepted socket belongs to the acceptor's context until it is handed to its worker;
// `socket` is left closed. On failure the descriptor is closed and `ec` set.
boost::asio::ip::tcp::socket move_socket(boost::asio::ip::tcp::socket& socket,
                                         boost::asio::io_context& io,
                                         boost::system::error_code& ec);

}  // namespace s3sandbox::http
