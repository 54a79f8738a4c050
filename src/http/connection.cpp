#include "http/connection.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <chrono>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "http/impaired_writer.hpp"
#include "http/log_flusher.hpp"
#include "http/pacer.hpp"
#include "http/protocol.hpp"
#include "http/request_head.hpp"
#include "http/response_writer.hpp"
#include "http/roam_while_large.hpp"
#include "http/tls_handshake.hpp"
#include "http/tls_stream.hpp"
#include "http/worker_choice.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using net::awaitable;
using net::ip::tcp;

namespace {

constexpr auto kTuple = net::as_tuple(net::use_awaitable);
// After answering a request whose body we did not read, we half-close and keep reading (and
// discarding) for a while, so the client sees our response instead of a reset (RFC 9112 9.6).
constexpr std::chrono::milliseconds kLingerTime{2'000};
constexpr std::size_t kLingerMaxBytes = 8 * 1024 * 1024;
// The read buffer holds the header plus whatever the client sent after it (pipelining).
constexpr std::size_t kReadSlack = 16 * 1024;

// A body up to this size is read with the buffers' smaller sizes (body_buffer()).
constexpr std::uint64_t kSmallBody = 16 * 1024;

// Plain connections use a beast::tcp_stream, HTTPS connections a TlsStream over one; the code
// below reaches the TCP layer (timeouts, the raw socket) through tcp(), whichever it is.
template <class Stream>
class Connection final : public ConnectionControl,
                         public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  using std::enable_shared_from_this<Connection<Stream>>::shared_from_this;

  static Stream make_stream(ServerContext& context, tcp::socket socket) {
    if constexpr (kTls) {
      return Stream(beast::tcp_stream(std::move(socket)), *context.tls);
    } else {
      return Stream(std::move(socket));
    }
  }

 public:
  Connection(ServerContext& context, tcp::socket socket, std::size_t worker)
      : context_(context),
        options_(context.options),
        executor_(socket.get_executor()),
        worker_(worker),
        stream_(make_stream(context, std::move(socket))),
        buffer_(options_.max_header_bytes + kReadSlack),
        pause_(executor_) {
    beast::error_code ec;
    const auto remote = tcp().socket().remote_endpoint(ec);
    if (!ec) peer_ = format_peer(remote.address().to_string(), remote.port());
    // Responses go out as a header write then a body write (or sendfile); with Nagle on, the
    // body waits for the client's delayed ACK (40 ms per small GET, measured in bench/).
    // Coalescing is done explicitly with TCP_CORK where it matters (response_writer.cpp).
    beast::error_code ignored;
    tcp().socket().set_option(tcp::no_delay(true), ignored);
  }

  net::any_io_executor executor() const { return executor_; }

  void close_if_idle() override {
    net::post(executor_, [self = shared_from_this()] {
      if (self->idle_) self->close();
      // A deferred answer waits no longer: it is sent now with what there is.
      if (self->deferred_wait_) self->deferred_wait_->cancel();
    });
  }
  void close_now() override {
    net::post(executor_, [self = shared_from_this()] { self->close(); });
  }

  static awaitable<void> run(std::shared_ptr<Connection> self) {
    // Every co_await in this file is a statement of its own: GCC 12.2 miscompiles
    // `if (!co_await f())` inside a loop (the resumed coroutine hits ud2), so none in conditions.
    bool shake = true;
    if constexpr (kTls) {
      const bool shaken = co_await self->handshake();
      shake = shaken;
    }
    bool keep = shake;
    while (keep && !self->context_.stopping.load()) {
      const bool more = co_await self->serve_one();
      keep = more;
    }
    if constexpr (kTls) {
      if (shake) co_await close_tls(self->stream_);
    }
    self->close();
  }

 private:
  struct Exchange {
    core::RequestView view;
    unsigned version = 11;
    bool head = false;
    bool keep_alive = false;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    core::Completion completion;
  };

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  awaitable<bool> handshake() {
    idle_ = true;  // stop() closes a connection still shaking hands
    const bool shaken = co_await accept_tls(stream_, peer_, options_.tls->handshake_timeout);
    idle_ = false;
    co_return shaken;
  }

  // Serves one request; true when the connection may carry another.
  awaitable<bool> serve_one() {
    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        options_.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(boost::none);  // the application decides how large a body may be
    idle_ = true;
    tcp().expires_after(options_.header_timeout);
    auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, kTuple);
    idle_ = false;
    if (ec) {
      co_await answer_protocol_error(ec);
      co_return false;
    }

    Exchange ex;
    ex.view = build_view(parser, peer_, kTls);
    ex.version = parser.get().version();
    ex.head = parser.get().method() == bhttp::verb::head;
    ex.keep_alive = parser.get().keep_alive();
    const bool has_body = !parser.is_done();

    core::StartResult start{};
    std::optional<core::Response> failure;
    try {
      start = context_.handler.start(ex.view);
    } catch (const std::exception& e) {
      failure = internal_error("start", e.what());
    } catch (...) {
      failure = internal_error("start", "unknown exception");
    }
    if (!failure && !start.response && !start.consumer && !start.deferred) {
      failure = internal_error("start", "neither a response nor a consumer");
    }
    if (!failure && start.response) failure = std::move(start.response);
    if (failure) {
      const bool keep = co_await respond(ex, std::move(*failure), has_body);
      co_return keep;
    }
    if (start.deferred) {
      const bool keep = co_await await_deferred(ex, std::move(start.deferred), has_body);
      co_return keep;
    }
    ex.completion.log_note = std::move(start.log_note);
    const bool keep =
        co_await stream_body(ex, parser, std::move(start.consumer), start.request_impairment);
    co_return keep;
  }

  // Waits for a deferred answer (core::DeferredResponse) without blocking this thread: a timer
  // set to its deadline, cancelled early by resolve() (posted here from the resolving thread),
  // by the server stopping (close_if_idle), or by the client closing its side (a read-readiness
  // wait that peeks). Then sends the answer, or nothing to a client that went away.
  awaitable<bool> await_deferred(Exchange& ex, std::shared_ptr<core::DeferredResponse> deferred,
                                 bool has_body) {
    // However this frame ends (even destroyed unfinished when the server's contexts go away),
    // the producer must no longer post to this connection's executor.
    struct AbandonOnExit {
      core::DeferredResponse& d;
      ~AbandonOnExit() { d.abandon(); }
    } abandon_on_exit{*deferred};
    // Shared with the wake-up and the peek: either may run after this frame has moved on.
    auto timer = std::make_shared<net::steady_timer>(executor_, deferred->deadline());
    auto gone = std::make_shared<bool>(false);
    deferred->on_resolved(
        [timer, executor = executor_] { net::post(executor, [timer] { timer->cancel(); }); });
    // A pipelined next request also makes the socket readable: only EOF or an error (nothing to
    // peek) counts as gone. A request body still unread is not watched (it is readable anyway).
    if (!has_body) {
      tcp().socket().async_wait(
          tcp::socket::wait_read, [timer, gone, self = shared_from_this()](beast::error_code ec) {
            if (ec == net::error::operation_aborted) return;
            tcp::socket& socket = self->tcp().socket();
            char byte = 0;
            beast::error_code peek_ec;
            const std::size_t n =
                ec ? 0 : socket.receive(net::buffer(&byte, 1), tcp::socket::message_peek, peek_ec);
            if (ec || peek_ec || n == 0) {
              *gone = true;
              timer->cancel();
            }
          });
    }
    deferred_wait_ = timer;
    if (!context_.stopping.load()) {
      auto [ec] = co_await timer->async_wait(kTuple);
      (void)ec;  // expired or cancelled: either way, answer now
    }
    deferred_wait_.reset();
    if (!has_body) {
      beast::error_code ignored;
      tcp().socket().cancel(ignored);  // the readiness wait, if still pending
    }
    if (*gone) {
      deferred->abandon();
      report(ex);
      co_return false;
    }
    core::Response response;
    try {
      response = deferred->settle();
    } catch (const std::exception& e) {
      response = internal_error("a deferred answer", e.what());
    } catch (...) {
      response = internal_error("a deferred answer", "unknown exception");
    }
    const bool keep = co_await respond(ex, std::move(response), has_body);
    co_return keep;
  }

  // Feeds the body to `consumer` in pieces of at most body_chunk_bytes, then answers on_end().
  // `impairment` (fault injection) throttles the reading or resets the connection mid-body.
  awaitable<bool> stream_body(Exchange& ex, RequestParser& parser,
                              std::unique_ptr<core::BodyConsumer> consumer,
                              const core::BodyImpairment& impairment) {
    // 100 Continue goes out whenever the client asked and the handler wants the body, even an
    // empty one: botocore waits for it before sending a zero-length upload and otherwise takes
    // the final response for the interim one, desynchronising the keep-alive connection.
    if (expects_continue(ex.view, ex.version)) {
      const bool sent = co_await write_continue(stream_, options_.io_timeout);
      if (!sent) {
        consumer.reset();
        report(ex);
        co_return false;
      }
    }
    if (!parser.is_done()) {
      const RoamWhileLarge roam(context_.worker_map, worker_, ex.view.content_length.value_or(0));
      const std::uint64_t length =
          ex.view.content_length.value_or(std::numeric_limits<std::uint64_t>::max());
      const std::span<char> piece = body_buffer(length);
      // Beast reads at most the flat buffer's spare capacity per call; without room it reads a
      // body 512 bytes at a time (a 64 MiB PUT took 130k reads and timer resets). Room for the
      // whole body, up to the maximum: 64 connections each holding the maximum for 4 KiB bodies
      // were 5 MiB for nothing.
      buffer_.reserve(static_cast<std::size_t>(
          std::min<std::uint64_t>(buffer_.max_size(), buffer_.size() + length)));
      const Pacer pacer(impairment.bytes_per_second);
      while (!parser.is_done()) {
        if (ex.completion.bytes_in >= impairment.reset_after) {
          consumer.reset();  // abandoned: it discards whatever it staged
          reset_connection(tcp());
          report(ex);
          co_return false;
        }
        const auto room = static_cast<std::size_t>(std::min<std::uint64_t>(
            pacer.piece(piece.size()), impairment.reset_after - ex.completion.bytes_in));
        parser.get().body().data = piece.data();
        parser.get().body().size = room;
        tcp().expires_after(options_.io_timeout);
        auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, parser, kTuple);
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec) {
          consumer.reset();  // abandoned: it discards whatever it staged, without on_end()
          if (is_malformed(ec)) {
            core::Response bad =
                protocol_error(400, "BadRequest", "The request body is malformed.");
            const bool keep = co_await respond(ex, std::move(bad), true);
            co_return keep;
          }
          report(ex);
          co_return false;
        }
        const std::size_t got = room - parser.get().body().size;
        if (got == 0) continue;
        ex.completion.bytes_in += got;
        std::optional<core::Response> early;
        try {
          early = consumer->on_body(std::span<const char>(piece.data(), got));
        } catch (const std::exception& e) {
          early = internal_error("on_body", e.what());
        } catch (...) {
          early = internal_error("on_body", "unknown exception");
        }
        if (early) {
          consumer.reset();
          early->close_connection = true;
          const bool unread = !parser.is_done();
          const bool keep = co_await respond(ex, std::move(*early), unread);
          co_return keep;
        }
        if (pacer.active()) {
          const bool resumed = co_await pause(pacer.wait_after(ex.completion.bytes_in));
          if (!resumed) {
            consumer.reset();
            report(ex);
            co_return false;
          }
        }
      }
    }
    std::optional<core::Response> last;
    try {
      last = consumer->on_end();
    } catch (const std::exception& e) {
      last = internal_error("on_end", e.what());
    } catch (...) {
      last = internal_error("on_end", "unknown exception");
    }
    consumer.reset();
    const bool keep = co_await respond(ex, std::move(*last), false);
    co_return keep;
  }

  // Sends `response`; `body_unread` means request body bytes may still be on the wire, so the
  // connection cannot be reused and is closed gracefully. True when it may be kept alive.
  awaitable<bool> respond(Exchange& ex, core::Response response, bool body_unread) {
    if (!response.log_note.empty()) ex.completion.log_note = std::move(response.log_note);
    ex.completion.flush_access_logs = response.flush_access_logs;
    if (response.delay.count() > 0) {
      const bool waited = co_await pause(response.delay);
      if (!waited) {
        report(ex);
        co_return false;
      }
    }
    const bool keep =
        ex.keep_alive && !response.close_connection && !body_unread && !context_.stopping.load();
    const bool impaired = response.impairment.any();
    const std::span<char> scratch = response.file || impaired ? body_buffer() : std::span<char>();
    ex.completion.note = std::move(response.note);
    const int status = response.status;
    const ResponseFrame frame{ex.version, ex.head, keep, options_.io_timeout,
                              options_.use_sendfile};
    const RoamWhileLarge roam(context_.worker_map, worker_, ex.head ? 0 : response.body_size());
    WriteOutcome out;
    if (impaired) {
      out = co_await write_impaired_response(stream_, response, frame, scratch, pause_);
    } else {
      out = co_await write_response(stream_, response, frame, scratch);
    }
    ex.completion.status = out.header_sent ? status : 0;
    ex.completion.bytes_out = out.body_bytes;
    report(ex);
    if (!out.complete) co_return false;
    if (body_unread) co_await linger();
    co_return keep;
  }

  // Answers a request whose header could not be read, when the client can still hear us.
  awaitable<void> answer_protocol_error(const beast::error_code& ec) {
    std::optional<core::Response> response;
    if (is_header_too_large(ec)) {
      response = protocol_error(400, "RequestHeaderSectionTooLarge",
                                "Your request header section exceeds the maximum allowed size.");
    } else if (is_malformed(ec) && looks_like_tls(buffer_)) {
      // An answer in plain HTTP means nothing to a TLS client: say it in the log instead.
      core::log_warn("http: a TLS handshake from " + peer_ +
                     " on the plain-HTTP port; closed (use http://, or https:// on the TLS port)");
      co_return;
    } else if (is_malformed(ec)) {
      response = protocol_error(400, "BadRequest",
                                "An error occurred when parsing the HTTP "
                                "request.");
    }
    if (!response) co_return;  // closed, reset or timed out: nobody to answer
    Exchange ex;               // no request line was understood: the view holds the peer only
    ex.view.remote_address = peer_;
    co_await respond(ex, std::move(*response), true);
  }

  // Waits on the pause timer (fault injection's delays and throttling) without blocking the
  // thread; stop() cuts it short as it does an idle wait. False when cut short.
  awaitable<bool> pause(std::chrono::nanoseconds duration) {
    if (context_.stopping.load()) co_return false;
    const bool was_idle = idle_;
    idle_ = true;
    const bool done = co_await pause_for(pause_, duration);
    idle_ = was_idle;
    co_return done && !context_.stopping.load();
  }

  // Half-closes, then discards what the client still sends for a bounded time and amount.
  awaitable<void> linger() {
    if (context_.stopping.load()) co_return;
    idle_ = true;  // stop() may cut this short
    beast::error_code ec;
    // On TLS too the TCP send side is closed (no close_notify): what is drained is not read.
    tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) co_return;
    tcp().expires_after(std::min(options_.io_timeout, kLingerTime));
    std::array<char, 4096> sink;
    std::size_t drained = 0;
    while (drained < kLingerMaxBytes) {
      auto [read_ec, n] = co_await tcp().async_read_some(net::buffer(sink), kTuple);
      if (read_ec) break;
      drained += n;
    }
  }

  core::Response protocol_error(int status, std::string_view code, std::string_view message) {
    core::Response r;
    try {
      r = context_.handler.on_protocol_error(status, code, message);
    } catch (...) {
      r = core::Response{};
      r.status = status;
    }
    r.close_connection = true;
    return r;
  }

  core::Response internal_error(std::string_view where, std::string_view what) {
    core::log_error("http: exception from handler " + std::string(where) +
                    "(): " + std::string(what));
    return protocol_error(500, "InternalError",
                          "We encountered an internal error. Please try "
                          "again.");
  }

  void report(Exchange& ex) {
    ex.completion.millis =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - ex.started)
            .count();
    // Before this exchange's line: what every worker still holds (Response::flush_access_logs).
    if (ex.completion.flush_access_logs) LogFlusher::flush_all(kMarkFlushTimeout);
    try {
      context_.handler.on_complete(ex.view, ex.completion);
    } catch (const std::exception& e) {
      core::log_error(std::string("http: exception from on_complete(): ") + e.what());
    } catch (...) {
      core::log_error("http: exception from on_complete()");
    }
    // The handler's access-log line may wait in this worker's batch: have it written soon.
    if (LogFlusher* flusher = LogFlusher::current()) flusher->after_request();
  }

  // The one body-sized buffer of this connection, allocated on first use, as large as a body of
  // `wanted` bytes needs up to body_chunk_bytes (a 4 KiB PUT does not need 256 KiB per
  // connection); it only grows.
  std::span<char> body_buffer(std::uint64_t wanted = std::numeric_limits<std::uint64_t>::max()) {
    const std::size_t size = std::max<std::size_t>(
        1, std::min<std::uint64_t>(options_.body_chunk_bytes, std::max(wanted, kSmallBody)));
    if (buffer_body_.size() < size) buffer_body_.resize(size);
    return buffer_body_;
  }

  void close() {
    pause_.cancel();
    beast::error_code ec;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    tcp().close();
  }

  ServerContext& context_;
  const ServerOptions& options_;
  const net::any_io_executor executor_;  // its io_context, run by one thread
  const std::size_t worker_;             // index of that io_context among the server's workers
  Stream stream_;
  beast::flat_buffer buffer_;
  std::vector<char> buffer_body_;
  std::string peer_;
  net::steady_timer pause_;  // fault injection's waits (delay, throttle); close() cancels it
  bool idle_ = false;        // waiting for a request header or lingering: stop() closes at once
  // The timer of a deferred answer being awaited: stop() cancels it, to answer at once.
  std::shared_ptr<net::steady_timer> deferred_wait_;
};

}  // namespace

tcp::socket move_socket(tcp::socket& socket, net::io_context& io, boost::system::error_code& ec) {
  tcp::socket moved(io);
  const auto protocol = socket.local_endpoint(ec).protocol();
  if (ec) return moved;
  const int fd = socket.release(ec);
  if (ec) return moved;
  moved.assign(protocol, fd, ec);
  if (ec) ::close(fd);
  return moved;
}

namespace {

// Registers and runs `connection` on its executor, unless the server is at its connection limit.
template <class Stream>
void launch(ServerContext& context, const std::shared_ptr<Connection<Stream>>& connection) {
  const std::optional<ConnectionRegistry::Ticket> ticket =
      context.registry.try_add(connection, context.options.max_connections);
  if (!ticket) {
    core::log_warn("http: connection limit reached, closing a new connection");
    return;  // the socket closes with `connection`
  }
  // By the time this completion runs, the coroutine frame, and with it the connection, is gone:
  // the entry is found by its ticket, as the connection's address may already be reused.
  net::co_spawn(connection->executor(), Connection<Stream>::run(connection),
                [&context, key = *ticket](std::exception_ptr error) {
                  if (error) {
                    try {
                      std::rethrow_exception(error);
                    } catch (const std::exception& e) {
                      core::log_error(std::string("http: connection failed: ") + e.what());
                    } catch (...) {
                      core::log_error("http: connection failed with an unknown exception");
                    }
                  }
                  context.registry.remove(key);
                });
}

}  // namespace

void start_connection(ServerContext& context, tcp::socket socket, std::size_t worker, bool tls) {
  if (tls) {
    launch(context, std::make_shared<Connection<TlsStream>>(context, std::move(socket), worker));
  } else {
    launch(context,
           std::make_shared<Connection<beast::tcp_stream>>(context, std::move(socket), worker));
  }
}

}  // namespace s3sandbox::http
