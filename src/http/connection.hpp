// The per-connection side of the server: one coroutine per accepted socket, running on its own
// strand, serving requests in order until the peer closes, a timeout fires, an exchange requires
// closing, or the server stops. See s3sandbox/core/exchange.hpp for the handler contract.
// Thread safety: start_connection() may be called from any thread; everything else of a
// connection runs on its strand.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "http/server_context.hpp"

namespace s3sandbox::http {

// Takes ownership of an accepted socket (whose executor must be a strand of its own) and starts
// serving it, or closes it at once when the connection limit is reached.
void start_connection(ServerContext& context, boost::asio::ip::tcp::socket socket);

}  // namespace s3sandbox::http
