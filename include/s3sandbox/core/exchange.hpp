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
// Thread safety: start() is called concurrently from the server's worker threads; one consumer is
// driven by one connection at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
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

struct StartResult {
  std::optional<Response> response;        // answer now, without reading the body
  std::unique_ptr<BodyConsumer> consumer;  // or stream the body here
  // For a streamed body: deliberate misbehaviour while reading it (truncate_after is ignored).
  BodyImpairment request_impairment{};
  // The access-log note of an exchange that ends without a response (the client went away, or a
  // reset asked for above); a response's own log_note replaces it.
  std::string log_note{};

  static StartResult answer(Response r) { return {std::move(r), nullptr}; }
  static StartResult stream(std::unique_ptr<BodyConsumer> c) {
    return {std::nullopt, std::move(c)};
  }
};

struct Completion {
  int status = 0;               // 0 when no response was sent (client went away)
  std::uint64_t bytes_in = 0;   // body bytes received
  std::uint64_t bytes_out = 0;  // body bytes sent
  double millis = 0;
  std::string log_note;  // Response::log_note
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
