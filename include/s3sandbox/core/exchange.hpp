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
// Thread safety: start() is called concurrently from the server's worker threads; one consumer is
// driven by one connection at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/unique_fd.hpp"

namespace s3sandbox::core {

struct FileRange {
  UniqueFd fd;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;                 // used when `file` is empty
  std::optional<FileRange> file;    // streamed from an open descriptor
  // Content-Length to announce when no body is sent (HEAD). Defaults to the body's size.
  std::optional<std::uint64_t> content_length;
  bool close_connection = false;
  // Not sent: a note for the access log line (e.g. the authentication verdict).
  std::string log_note;

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
  std::optional<Response> response;          // answer now, without reading the body
  std::unique_ptr<BodyConsumer> consumer;    // or stream the body here

  static StartResult answer(Response r) { return {std::move(r), nullptr}; }
  static StartResult stream(std::unique_ptr<BodyConsumer> c) { return {std::nullopt, std::move(c)}; }
};

struct Completion {
  int status = 0;               // 0 when no response was sent (client went away)
  std::uint64_t bytes_in = 0;   // body bytes received
  std::uint64_t bytes_out = 0;  // body bytes sent
  double millis = 0;
  std::string log_note;         // Response::log_note
};

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual StartResult start(const RequestView& request) = 0;
  // Called once per finished or abandoned exchange, for the access log.
  virtual void on_complete(const RequestView& /*request*/, const Completion& /*done*/) {}
};

}  // namespace s3sandbox::core
