#include "http/impaired_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>
#include <string>

#include "http/pacer.hpp"
#include "http/protocol.hpp"
#include "http/response_header.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using net::awaitable;

namespace {

constexpr auto kTuple = net::as_tuple(net::use_awaitable);

// Copies body bytes [offset, offset + n) into `out`, from memory or the file; false on a read
// failure.
bool read_body(const core::Response& response, std::uint64_t offset, std::span<char> out) {
  if (!response.file) {
    std::memcpy(out.data(), response.body.data() + offset, out.size());
    return true;
  }
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(response.file->fd.get(), out.data() + done, out.size() - done,
                              static_cast<off_t>(response.file->offset + offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

awaitable<bool> pause_for(net::steady_timer& pause, std::chrono::nanoseconds duration) {
  if (duration <= std::chrono::nanoseconds(0)) co_return true;
  pause.expires_after(duration);
  auto [ec] = co_await pause.async_wait(kTuple);
  co_return !ec;
}

void reset_connection(beast::tcp_stream& stream) {
  beast::error_code ignored;
  stream.socket().set_option(net::socket_base::linger(true, 0), ignored);
  stream.socket().close(ignored);
}

namespace {

template <class Stream>
awaitable<WriteOutcome> write_impaired(Stream& stream, core::Response& response,
                                       const ResponseFrame& frame, std::span<char> scratch,
                                       net::steady_timer& pause) {
  auto& tcp = beast::get_lowest_layer(stream);
  WriteOutcome out;
  const bool body_allowed = !frame.head && !status_forbids_body(response.status);
  const std::string header =
      serialize_response_header(response, {frame.version, frame.head, frame.keep_alive});
  tcp.expires_after(frame.io_timeout);
  auto [ec, n] = co_await net::async_write(stream, net::buffer(header), kTuple);
  out.header_sent = !ec || n > 0;
  if (ec) co_return out;

  const core::BodyImpairment& impairment = response.impairment;
  const std::uint64_t length = body_allowed ? response.body_size() : 0;
  // Where the body stops early, if it does, and how.
  const std::uint64_t cut = std::min(impairment.reset_after, impairment.truncate_after);
  const std::uint64_t stop = std::min(length, cut);
  if (response.file && !response.file->fd && stop > 0) {
    core::log_error("http: file response without an open descriptor");
    co_return out;
  }
  const Pacer pacer(impairment.bytes_per_second);
  while (out.body_bytes < stop) {
    const auto size = static_cast<std::size_t>(
        std::min<std::uint64_t>(stop - out.body_bytes, pacer.piece(scratch.size())));
    const std::span<char> piece = scratch.first(size);
    if (!read_body(response, out.body_bytes, piece)) {
      core::log_error("http: reading the response file failed");
      co_return out;
    }
    tcp.expires_after(frame.io_timeout);
    auto [write_ec, written] = co_await net::async_write(stream, net::buffer(piece), kTuple);
    out.body_bytes += written;
    if (write_ec) co_return out;
    const bool resumed = co_await pause_for(pause, pacer.wait_after(out.body_bytes));
    if (!resumed) co_return out;
  }
  if (stop < length) {
    // Cut short: a reset, or an orderly close by the caller (out.complete stays false).
    if (impairment.reset_after <= impairment.truncate_after) reset_connection(tcp);
    co_return out;
  }
  out.complete = true;
  co_return out;
}

}  // namespace

awaitable<WriteOutcome> write_impaired_response(beast::tcp_stream& stream, core::Response& response,
                                                const ResponseFrame& frame, std::span<char> scratch,
                                                net::steady_timer& pause) {
  co_return co_await write_impaired(stream, response, frame, scratch, pause);
}

awaitable<WriteOutcome> write_impaired_response(TlsStream& stream, core::Response& response,
                                                const ResponseFrame& frame, std::span<char> scratch,
                                                net::steady_timer& pause) {
  co_return co_await write_impaired(stream, response, frame, scratch, pause);
}

}  // namespace s3sandbox::http
