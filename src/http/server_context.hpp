// ServerContext: what every connection of one server shares: the options, the application's
// handler, the stopping flag and the registry of live connections. Owned by Server::Impl, which
// outlives every connection coroutine (threads are joined before it is destroyed).
// Thread safety: options are read-only after start; `stopping` is atomic; the registry locks.
#pragma once

#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "http/connection_registry.hpp"
#include "http/worker_choice.hpp"
#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/http/server.hpp"

namespace s3sandbox::http {

struct ServerContext {
  ServerContext(ServerOptions o, core::RequestHandler& h)
      : options(std::move(o)),
        handler(h),
        worker_map(WorkerMap::make(options.threads, options.pin_threads)) {}

  ServerOptions options;  // max_connections is fitted to the descriptor limit by start()
  core::RequestHandler& handler;
  std::atomic<bool> stopping{false};
  ConnectionRegistry registry;
  const WorkerMap worker_map;  // how many workers, which serves a connection, where they run
  // The TLS listener's context (certificate, key, protocol versions) when options.tls is set;
  // OpenSSL lets every worker's handshakes share it.
  std::unique_ptr<boost::asio::ssl::context> tls;
};

}  // namespace s3sandbox::http
