// The per-connection side of the server: one coroutine per accepted socket, running on the
// io_context the socket belongs to (one thread per context), serving requests in order until the peer closes, a timeout fires, an exchange requires
// closing, or the server stops. See s3sandbox/core/exchange.hpp for the handler contract.
// Thread safety: start_connection() may be called from any thread; everything else of a
// connection runs on its socket's executor, never concurrently.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "http/server_context.hpp"

namespace s3sandbox::http {

// Takes ownership of an accepted socket (whose executor must never run two handlers at
// once: an io_context run by one thread, or a strand) and starts
// serving it, or closes it at once when the connection limit is reached.
void start_connection(ServerContext& context, boost::asio::ip::tcp::socket socket);

}  // namespace s3sandbox::http
