// http::Server: a generic HTTP/1.1 server (Boost.Beast + Asio C++20 coroutines) with no S3
// knowledge. Per connection: read the header only (size-limited), hand it to the RequestHandler,
// send `100 Continue` only when the handler wants the body, stream the body into the consumer in
// bounded pieces, send the response (file ranges streamed from the descriptor), keep-alive,
// timeouts on every read and write, connection limit. stop() stops accepting, lets in-flight
// requests finish up to a grace period, then closes everything.
// Protocol errors (header too large, malformed request) are answered with
// RequestHandler::on_protocol_error() and reported to on_complete() with a view holding only the
// remote address. Handler exceptions become on_protocol_error(500, "InternalError", ...).
// Thread safety: start/stop/port from one controlling thread, never from a handler (stop() joins
// the worker threads); the handler is called from the worker threads concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::http {

// A second listener that speaks HTTPS (TLS 1.2 or later, Asio's OpenSSL stream) to the same
// handler; requests arriving on it have RequestView::scheme "https". Everything else of a
// connection (limits, timeouts, keep-alive) is the same as on the plain listener.
struct TlsOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  std::string cert_file;   // PEM: the server certificate, then any intermediates
  std::string key_file;    // PEM: its private key
  // A client that has not finished its handshake by then is disconnected (a plain-HTTP client
  // is answered at once, see connection.cpp).
  std::chrono::milliseconds handshake_timeout{10'000};
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 9000;  // 0: any free port
  int threads = 0;            // 0: one per CPU of the affinity mask (see worker_choice.hpp)
  // Keeps each worker on the CPU(s) whose connections it serves. Off by default: a library does
  // not pin the threads of the program that embeds it (the binary's --pin-threads sets it).
  bool pin_threads = false;
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t body_chunk_bytes = 256 * 1024;         // largest piece handed to on_body()
  std::chrono::milliseconds header_timeout{30'000};  // idle keep-alive + header read
  std::chrono::milliseconds io_timeout{60'000};      // each body read / response write
  std::chrono::milliseconds shutdown_grace{5'000};
  std::size_t max_connections = 20'000;  // beyond this, new connections are closed at once
  // File responses use sendfile(2); false forces the pread + write path (tests, exotic files).
  bool use_sendfile = true;
  std::optional<TlsOptions> tls;  // set: also listen for HTTPS
};

class Server {
 public:
  Server(ServerOptions options, core::RequestHandler& handler);
  ~Server();  // stops if running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the worker threads. Returns an error if binding fails, or if the
  // TLS certificate or key cannot be used (then tls_error() says which and why).
  std::error_code start();
  std::uint16_t port() const;      // the bound port (useful with port 0)
  std::uint16_t tls_port() const;  // the HTTPS listener's bound port; 0 without TLS
  std::string host() const;
  std::string tls_error() const;
  // Graceful: stops accepting, closes idle connections, lets in-flight exchanges finish for up
  // to shutdown_grace, then closes the rest. Idempotent; blocks until all threads have exited.
  // A stopped server cannot be started again.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s3sandbox::http
