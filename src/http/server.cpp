#include "s3sandbox/http/server.hpp"

#include <openssl/ssl.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "http/connection.hpp"
#include "http/log_flusher.hpp"
#include "http/server_context.hpp"
#include "http/worker_choice.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

namespace net = boost::asio;
using net::ip::tcp;

namespace {

// After the grace period the remaining sockets are closed; handlers still running get this long
// to return before the io_context is stopped under them.
constexpr std::chrono::milliseconds kForcedCloseWait{2'000};

// Raises the soft descriptor limit to the hard one and returns it.
std::size_t descriptor_limit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit raised = rl;
    raised.rlim_cur = rl.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) rl = raised;
  }
  return rl.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20
                                      : static_cast<std::size_t>(rl.rlim_cur);
}

// The connection limit the descriptors allow. Each connection holds its socket; a quarter of
// the descriptors (at least 64) stays for the files requests open (staged uploads, objects being
// sent), SQLite and the listener. Beyond the limit new connections are accepted and closed at
// once (the client sees a closed connection) rather than left waiting in the backlog because
// accept() fails with EMFILE.
std::size_t connection_limit(std::size_t configured) {
  std::size_t fds = descriptor_limit();
  std::size_t reserved = std::max<std::size_t>(64, fds / 4);
  std::size_t affordable = fds > reserved ? fds - reserved : 1;
  return std::min(configured, affordable);
}

}  // namespace

// One io_context per worker thread, each run by that thread alone: a connection lives on one
// context for its whole life, so its handlers never run concurrently (no strand needed) and a
// request is served start to end by one thread. With one context shared by all threads, every
// request paid a futex wake-up of another thread (perf and strace in bench/RESULTS.md).
// The acceptor lives on the first context and deals each new connection to the worker for the
// CPU its client runs on (worker_choice.hpp).
struct Server::Impl {
  Impl(ServerOptions options, core::RequestHandler& handler)
      : context(std::move(options), handler),
        ios(make_contexts(context.worker_map.size())),
        acceptor(*ios.front()),
        tls_acceptor(*ios.front()) {}

  static std::vector<std::unique_ptr<net::io_context>> make_contexts(std::size_t n) {
    std::vector<std::unique_ptr<net::io_context>> contexts;
    for (std::size_t i = 0; i < n; ++i) contexts.push_back(std::make_unique<net::io_context>(1));
    return contexts;
  }

  std::error_code open_acceptor(tcp::acceptor& a, const std::string& host, std::uint16_t port,
                                std::uint16_t& bound);
  std::error_code open_tls();
  net::awaitable<void> accept_loop(tcp::acceptor& a, bool tls);
  void close_acceptor();

  // Declaration order is destruction order in reverse: the io_contexts (and any coroutine frame
  // they still hold) go before the context the frames refer to.
  ServerContext context;
  std::vector<std::unique_ptr<net::io_context>> ios;
  tcp::acceptor acceptor;
  tcp::acceptor tls_acceptor;  // open when options.tls is set
  std::size_t next_io = 0;     // round-robin position of the accept loop (worker_for)
  std::vector<std::thread> threads;
  std::uint16_t bound_port = 0;
  std::uint16_t bound_tls_port = 0;
  std::string tls_error;  // why the TLS listener could not start
  std::mutex control_mu;  // start/stop
  bool started = false;
  bool stopped = false;
};

std::error_code Server::Impl::open_acceptor(tcp::acceptor& acceptor, const std::string& host,
                                            std::uint16_t port, std::uint16_t& bound) {
  boost::system::error_code ec;
  tcp::endpoint endpoint;
  const auto address = net::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, port);
  } else {
    tcp::resolver resolver(*ios.front());
    const auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return ec;
    if (results.empty()) return std::make_error_code(std::errc::address_not_available);
    endpoint = results.begin()->endpoint();
  }
  acceptor.open(endpoint.protocol(), ec);
  if (ec) return ec;
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return ec;
  acceptor.bind(endpoint, ec);
  if (ec) return ec;
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return ec;
  bound = acceptor.local_endpoint(ec).port();
  return ec;
}

// TLS 1.2 and 1.3 only (SSLv3, TLS 1.0 and 1.1 are refused, as by S3 since 2024), OpenSSL's
// default cipher suites; the certificate chain and key from PEM files.
std::error_code Server::Impl::open_tls() {
  const TlsOptions& tls = *context.options.tls;
  auto ssl = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  boost::system::error_code ec;
  ssl->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                       net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                       net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use,
                   ec);
  if (!ec) SSL_CTX_set_min_proto_version(ssl->native_handle(), TLS1_2_VERSION);
  if (!ec) {
    ssl->use_certificate_chain_file(tls.cert_file, ec);
    if (ec) tls_error = "cannot use the certificate " + tls.cert_file + ": " + ec.message();
  }
  if (!ec) {
    ssl->use_private_key_file(tls.key_file, net::ssl::context::pem, ec);
    if (ec) tls_error = "cannot use the private key " + tls.key_file + ": " + ec.message();
  }
  if (!ec && SSL_CTX_check_private_key(ssl->native_handle()) != 1) {
    tls_error = "the private key " + tls.key_file + " is not the key of " + tls.cert_file;
    return std::make_error_code(std::errc::invalid_argument);
  }
  if (ec) {
    if (tls_error.empty()) tls_error = ec.message();
    return ec;
  }
  context.tls = std::move(ssl);
  const std::error_code listen = open_acceptor(tls_acceptor, tls.host, tls.port, bound_tls_port);
  if (listen) {
    tls_error =
        "cannot listen on " + tls.host + ":" + std::to_string(tls.port) + ": " + listen.message();
  }
  return listen;
}

net::awaitable<void> Server::Impl::accept_loop(tcp::acceptor& acceptor, bool tls) {
  net::steady_timer backoff(acceptor.get_executor());
  for (;;) {
    // Accepted on the acceptor's own context, then handed to the worker for the client's CPU
    // (worker_choice.hpp).
    auto [ec, socket] = co_await acceptor.async_accept(net::as_tuple(net::use_awaitable));
    if (context.stopping.load() || !acceptor.is_open()) break;
    if (ec) {
      // Typically EMFILE: wait a little rather than spin; the pending connection stays queued.
      core::log_warn("http: accept failed: " + ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(net::as_tuple(net::use_awaitable));
      continue;
    }
    const std::size_t worker =
        context.worker_map.worker_for(incoming_cpu(socket.native_handle()), next_io);
    tcp::socket accepted(std::move(socket));
    if (worker != 0) {
      accepted = move_socket(accepted, *ios[worker], ec);
      if (ec) continue;  // the peer is already gone
    }
    start_connection(context, std::move(accepted), worker, tls);
  }
}

void Server::Impl::close_acceptor() {
  std::promise<void> done;
  net::post(acceptor.get_executor(), [this, &done] {
    boost::system::error_code ec;
    acceptor.close(ec);
    tls_acceptor.close(ec);
    done.set_value();
  });
  done.get_future().wait();
}

Server::Server(ServerOptions options, core::RequestHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() { stop(); }

std::error_code Server::start() {
  std::lock_guard lock(impl_->control_mu);
  if (impl_->started) return std::make_error_code(std::errc::already_connected);
  std::error_code ec = impl_->open_acceptor(impl_->acceptor, impl_->context.options.host,
                                            impl_->context.options.port, impl_->bound_port);
  if (!ec && impl_->context.options.tls) ec = impl_->open_tls();
  if (ec) {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->tls_acceptor.close(ignored);
    return ec;
  }
  impl_->started = true;
  Impl* impl = impl_.get();
  impl->context.options.max_connections = connection_limit(impl->context.options.max_connections);
  const auto on_accept_loop_end = [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      core::log_error(std::string("http: accept loop failed: ") + ex.what());
    }
  };
  net::co_spawn(impl->acceptor.get_executor(), impl->accept_loop(impl->acceptor, false),
                on_accept_loop_end);
  if (impl->tls_acceptor.is_open()) {
    net::co_spawn(impl->tls_acceptor.get_executor(), impl->accept_loop(impl->tls_acceptor, true),
                  on_accept_loop_end);
  }
  for (std::size_t i = 0; i < impl->ios.size(); ++i) {
    impl->threads.emplace_back([io = impl->ios[i].get(), &map = impl->context.worker_map, i] {
      // Only when asked (ServerOptions::pin_threads). If the system refuses, the worker runs
      // wherever it is put, which costs speed only.
      if (!map.keep_on_its_cpus(i)) core::log_debug("http: a worker could not be kept on its CPU");
      // Idle contexts must keep running: connections arrive on them later.
      auto guard = net::make_work_guard(*io);
      // This worker's access-log lines, written in batches (log_flusher.hpp); what is pending
      // when the thread ends is written then.
      LogFlusher log_flusher(*io);
      // A throwing handler is a bug of ours (connections catch their own); log and keep serving.
      for (;;) {
        try {
          io->run();
          return;
        } catch (const std::exception& e) {
          core::log_error(std::string("http: worker caught: ") + e.what());
        }
      }
    });
  }
  return {};
}

std::uint16_t Server::port() const { return impl_->bound_port; }

std::uint16_t Server::tls_port() const { return impl_->bound_tls_port; }

std::string Server::tls_error() const { return impl_->tls_error; }

std::string Server::host() const { return impl_->context.options.host; }

void Server::stop() {
  std::lock_guard lock(impl_->control_mu);
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  ServerContext& context = impl_->context;
  context.stopping.store(true);
  impl_->close_acceptor();
  context.registry.for_each([](ConnectionControl& c) { c.close_if_idle(); });
  if (!context.registry.wait_empty_for(context.options.shutdown_grace)) {
    core::log_warn("http: shutdown grace period over, closing remaining connections");
    context.registry.for_each([](ConnectionControl& c) { c.close_now(); });
    context.registry.wait_empty_for(kForcedCloseWait);
  }
  for (const auto& io : impl_->ios) io->stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace s3sandbox::http
