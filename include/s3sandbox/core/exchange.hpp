// The seam between the generic HTTP server and the S3 application, in HTTP-library-free terms.
//
// For each request the server reads the header only, builds a RequestView and calls
// RequestHandler::start(). The handler either answers at once (a refusal decided from the header:
// routing, authentication, limits; the body is then never read and no 100 Continue is sent), or
// returns a BodyConsumer. The server then streams the decoded body (HTTP chunking undone) into
// consumer->on_body() in pieces of bounded size, and calls on_end() after the last byte, whose
// Response it sends. If on_body() returns a Response, the body is abandoned, that response is sent
// and the connection closed. If the client disconnects or times out, the consumer is destroyed
// without on_end(): it must then discard whatever it staged.
//
// Responses carry either a small in-memory body (XML, JSON) or an open file range, streamed by the
// server without loading it. For HEAD requests the server sends headers only, with
// Content-Length taken from `content_length`.
//
// A handler may also ask for deliberate transport misbehaviour (the sandbox's fault injection
// imitates slow and broken networks with it): a delay before the response, a body throttled to a
// rate, a connection reset or a response cut short after N body bytes (`BodyImpairment`, on the
// request body through StartResult, on the response body through Response). The server applies it
// without knowing why, waiting on timers of the connection's executor, never blocking its thread.
// All of it is off by default and then costs a comparison per exchange.
//
// The RequestView given to start() stays valid, unchanged, until the exchange ends (the consumer
// is destroyed and on_complete() has run): the handler may keep references into it.
//
// A handler may also answer LATER (StartResult::defer, a long-poll such as
// `GET /_sandbox/requests?wait=30`): see DeferredResponse below. The server then waits without
// blocking its thread, so the worker's other connections go on being served.
//
// Thread safety: start() is called concurrently from the server's worker threads; one consumer is
// driven by one connection at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/unique_fd.hpp"

namespace s3sandbox::core {

struct FileRange {
  UniqueFd fd;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// Deliberate misbehaviour for one body (see the header comment). `kNever`: not asked for.
struct BodyImpairment {
  static constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t bytes_per_second = 0;  // throttle the body to this rate; 0: no limit
  // Reset the connection (TCP RST, no response) once this many body bytes have passed; a body
  // that is not longer passes untouched.
  std::uint64_t reset_after = kNever;
  // Responses only: send this many body bytes, then close the connection (FIN), although the
  // header announced the full length.
  std::uint64_t truncate_after = kNever;

  bool any() const {
    return bytes_per_second != 0 || reset_after != kNever || truncate_after != kNever;
  }
};

// What a handler wants back in on_complete() about an exchange (the request journal's draft
// entry: the operation, the verdict, the error code...). Opaque to the HTTP layer, which carries
// it from the Response to the Completion; the handler downcasts it to its own type.
struct ExchangeNote {
  virtual ~ExchangeNote() = default;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;               // used when `file` is empty
  std::optional<FileRange> file;  // streamed from an open descriptor
  // Content-Length to announce when no body is sent (HEAD). Defaults to the body's size.
  std::optional<std::uint64_t> content_length;
  bool close_connection = false;
  // Not sent: a note for the access log line (e.g. the authentication verdict).
  std::string log_note;
  // Not sent: every worker writes its pending access-log lines before this exchange's line, so
  // that the line marks a point in the log (the per-test clean).
  bool flush_access_logs = false;
  // Not sent: carried to Completion::note.
  std::shared_ptr<const ExchangeNote> note;
  // Deliberate misbehaviour (fault injection): wait this long before sending, and shape the body.
  std::chrono::milliseconds delay{0};
  BodyImpairment impairment{};

  void set_header(std::string name, std::string value);
  std::uint64_t body_size() const { return file ? file->length : body.size(); }
};

class BodyConsumer {
 public:
  virtual ~BodyConsumer() = default;
  virtual std::optional<Response> on_body(std::span<const char> bytes) = 0;
  virtual Response on_end() = 0;
};

// A response given later, from any thread: the seam's long-poll. A handler that must wait for
// something (a journal entry, an event) creates one with a deadline and a fallback, hands it to
// whatever will produce the answer (which keeps a shared_ptr), and returns
// StartResult::defer(it). The server waits on it without blocking its thread and sends the first
// of:
//   - the response given to resolve(), from any thread;
//   - at the deadline, or as soon as the server stops, fallback()'s (called on the connection's
//     thread: "answer with what there is").
// If the client disconnects while waiting, the exchange ends with no response (Completion::status
// 0) and the fallback is not called. Once answered or abandoned, pending() is false and resolve()
// returns false: producers drop their reference then (or on their next resolve attempt).
// finish(), if set by the handler before returning it, is applied to whichever response is sent,
// on the connection's thread (the S3 application adds its common headers there).
// A request body, if any, is not read: the connection is closed after the answer.
//
//   auto later = std::make_shared<DeferredResponse>(now + 30s, [] { return empty_answer(); });
//   waiters.add(later);             // another thread calls later->resolve(answer) when ready
//   return StartResult::defer(later);
//
// Thread safety: resolve() and pending() from any thread; the rest is the HTTP layer's, from the
// connection's thread.
class DeferredResponse {
 public:
  using Clock = std::chrono::steady_clock;
  DeferredResponse(Clock::time_point deadline, std::function<Response()> fallback);

  // Delivers the answer; false (and `response` dropped) when one was already given, the
  // deadline passed or the client went away.
  bool resolve(Response response);
  bool pending() const;
  // A transformation applied to the response sent, whichever it is (set before deferring).
  void set_finish(std::function<Response(Response)> finish) { finish_ = std::move(finish); }

  // --- the HTTP layer's side ---
  Clock::time_point deadline() const { return deadline_; }
  // `wake` is called once (from the resolving thread, under the object's lock: it must only
  // post work) when resolve() succeeds; at once if it already has. Cleared by settle()/abandon().
  void on_resolved(std::function<void()> wake);
  // The response to send now: the resolved one, else the fallback's; finish() applied. Ends
  // waiting (pending() is false afterwards).
  Response settle();
  // The client went away: nothing will be sent.
  void abandon();

 private:
  mutable std::mutex mu_;
  const Clock::time_point deadline_;
  std::function<Response()> fallback_;
  std::function<Response(Response)> finish_;
  std::function<void()> wake_;
  std::optional<Response> resolved_;
  bool done_ = false;  // settled or abandoned
};

struct StartResult {
  std::optional<Response> response;            // answer now, without reading the body
  std::unique_ptr<BodyConsumer> consumer;      // or stream the body here
  std::shared_ptr<DeferredResponse> deferred;  // or answer later (DeferredResponse)
  // For a streamed body: deliberate misbehaviour while reading it (truncate_after is ignored).
  BodyImpairment request_impairment{};
  // The access-log note of an exchange that ends without a response (the client went away, or a
  // reset asked for above); a response's own log_note replaces it.
  std::string log_note{};

  static StartResult answer(Response r) { return {std::move(r), nullptr, nullptr}; }
  static StartResult stream(std::unique_ptr<BodyConsumer> c) {
    return {std::nullopt, std::move(c), nullptr};
  }
  static StartResult defer(std::shared_ptr<DeferredResponse> d) {
    return {std::nullopt, nullptr, std::move(d)};
  }
};

struct Completion {
  int status = 0;               // 0 when no response was sent (client went away)
  std::uint64_t bytes_in = 0;   // body bytes received
  std::uint64_t bytes_out = 0;  // body bytes sent
  double millis = 0;
  std::string log_note;                      // Response::log_note
  bool flush_access_logs = false;            // Response::flush_access_logs
  std::shared_ptr<const ExchangeNote> note;  // Response::note
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual StartResult start(const RequestView& request) = 0;
  // Called once per finished or abandoned exchange, for the access log.
  virtual void on_complete(const RequestView& /*request*/, const Completion& /*done*/) {}
  // The response for a failure the HTTP layer detects itself, before or outside the handler:
  // malformed request (400 "BadRequest"), header section too large (400
  // "RequestHeaderSectionTooLarge"), an exception escaping start/on_body/on_end (500
  // "InternalError"). The default renders a minimal XML <Error>; the S3 application overrides it
  // to render its own error document (request id etc.). Must not throw.
  virtual Response on_protocol_error(int status, std::string_view code, std::string_view message) {
    Response r;
    r.status = status;
    r.close_connection = true;
    r.headers.push_back({"Content-Type", "application/xml"});
    r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
    r.body.append(code);
    r.body += "</Code><Message>";
    for (char c : message) {  // the HTTP layer's messages are fixed text; escape anyway
      if (c == '<')
        r.body += "&lt;";
      else if (c == '>')
        r.body += "&gt;";
      else if (c == '&')
        r.body += "&amp;";
      else
        r.body += c;
    }
    r.body += "</Message></Error>";
    return r;
  }
};

}  // namespace s3sandbox::core
