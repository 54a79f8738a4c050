// The per-connection side of the server: one coroutine per accepted socket, running on the
// io_context the socket belongs to (one thread per context), serving requests in order until the peer closes, a timeout fires, an exchange requires
// closing, or the server stops. See s3sandbox/core/exchange.hpp for the handler contract.
// A connection moves to another worker, between two requests, when its client's thread has moved
// to another CPU (worker_choice.hpp).
// Thread safety: start_connection() may be called from any thread; everything else of a
// connection runs on its socket's executor, never concurrently.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>

#include "http/server_context.hpp"

namespace s3sandbox::http {

// Takes ownership of an accepted socket, which belongs to context.workers[worker], and starts
// serving it, or closes it at once when the connection limit is reached.
void start_connection(ServerContext& context, boost::asio::ip::tcp::socket socket,
                      std::size_t worker);

// The same connection as a socket of `io` (registered with that context's reactor instead);
// `socket` is left closed. On failure the descriptor is closed and `ec` set.
boost::asio::ip::tcp::socket move_socket(boost::asio::ip::tcp::socket& socket,
                                         boost::asio::io_context& io,
                                         boost::system::error_code& ec);

}  // namespace s3sandbox::http
