#include "http/response_writer.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/write.hpp>
#include <cerrno>
#include <string>

#include "http/protocol.hpp"
#include "http/response_header.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using net::awaitable;

namespace {

// TCP_CORK for a scope: set when constructed (if asked), cleared when destroyed, which flushes
// what was held back.
class SocketCork {
 public:
  SocketCork(int fd, bool on) : fd_(fd), on_(on) {
    if (on_) set(1);
  }
  ~SocketCork() {
    if (on_) set(0);
  }
  SocketCork(const SocketCork&) = delete;
  SocketCork& operator=(const SocketCork&) = delete;

 private:
  void set(int value) const { ::setsockopt(fd_, IPPROTO_TCP, TCP_CORK, &value, sizeof value); }
  int fd_;
  bool on_;
};

constexpr auto kTuple = net::as_tuple(net::use_awaitable);
// One sendfile call moves at most this much, so a huge file never monopolises a worker thread.
constexpr std::size_t kSendfileStep = 4 * 1024 * 1024;

// Waits until the socket is writable, or `timeout` passes (false).
awaitable<bool> wait_writable(beast::tcp_stream& stream, std::chrono::milliseconds timeout) {
  using namespace net::experimental::awaitable_operators;
  net::steady_timer timer(stream.get_executor());
  timer.expires_after(timeout);
  auto result = co_await (stream.socket().async_wait(net::socket_base::wait_write, kTuple) ||
                          timer.async_wait(kTuple));
  if (result.index() != 0) co_return false;
  auto [ec] = std::get<0>(result);
  co_return !ec;
}

enum class SendfileResult { kDone, kFailed, kUnsupported };

// Streams [offset, offset + length) of `fd` with sendfile(2) on the non-blocking socket.
awaitable<SendfileResult> send_with_sendfile(beast::tcp_stream& stream, int fd,
                                             std::uint64_t offset, std::uint64_t length,
                                             std::chrono::milliseconds timeout,
                                             std::uint64_t& sent) {
  auto& socket = stream.socket();
  boost::system::error_code ec;
  socket.non_blocking(true, ec);
  if (ec) co_return SendfileResult::kUnsupported;
  off_t position = static_cast<off_t>(offset);
  std::uint64_t remaining = length;
  while (remaining > 0) {
    const auto step = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, kSendfileStep));
    const ssize_t n = ::sendfile(socket.native_handle(), fd, &position, step);
    if (n > 0) {
      remaining -= static_cast<std::uint64_t>(n);
      sent += static_cast<std::uint64_t>(n);
      continue;
    }
    if (n == 0) {  // the file is shorter than the range announced in Content-Length
      core::log_error("http: file ended before the announced range");
      co_return SendfileResult::kFailed;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN) {
      const bool writable = co_await wait_writable(stream, timeout);
      if (!writable) co_return SendfileResult::kFailed;
      continue;
    }
    if ((errno == EINVAL || errno == ENOSYS) && sent == 0) co_return SendfileResult::kUnsupported;
    co_return SendfileResult::kFailed;
  }
  co_return SendfileResult::kDone;
}

// The portable path: pread into the connection's scratch buffer, then write. The only path of
// TLS streams.
template <class Stream>
awaitable<bool> send_with_pread(Stream& stream, int fd, std::uint64_t offset, std::uint64_t length,
                                std::chrono::milliseconds timeout, std::span<char> scratch,
                                std::uint64_t& sent) {
  std::uint64_t done = 0;
  while (done < length) {
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(length - done, scratch.size()));
    const ssize_t n = ::pread(fd, scratch.data(), want, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      core::log_error("http: reading the response file failed");
      co_return false;
    }
    beast::get_lowest_layer(stream).expires_after(timeout);
    auto [ec, written] = co_await net::async_write(
        stream, net::buffer(scratch.data(), static_cast<std::size_t>(n)), kTuple);
    sent += written;
    if (ec) co_return false;
    done += static_cast<std::uint64_t>(n);
  }
  co_return true;
}

// Small file bodies are read into the response and leave with the header in one write: for a
// 4 KiB GET that is one pread and one write instead of two writes, a sendfile and two
// setsockopt calls (measured in bench/). A failed or short read leaves the file to sendfile.
void inline_small_file(core::Response& response) {
  constexpr std::uint64_t kInlineLimit = 16 * 1024;
  if (!response.file || !response.file->fd || response.file->length == 0 ||
      response.file->length > kInlineLimit || !response.body.empty()) {
    return;
  }
  const core::FileRange& file = *response.file;
  std::string body(static_cast<std::size_t>(file.length), '\0');
  ssize_t n;
  do {
    n = ::pread(file.fd.get(), body.data(), body.size(), static_cast<off_t>(file.offset));
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(body.size())) return;
  response.body = std::move(body);
  response.file.reset();
}

// Sends as much of `first` then `second` as the socket takes right now, without waiting: the
// byte count, or -1 with errno (EAGAIN when the socket buffer is full).
ssize_t send_now(int fd, std::string_view first, std::string_view second) {
  std::array<iovec, 2> iov{iovec{const_cast<char*>(first.data()), first.size()},
                           iovec{const_cast<char*>(second.data()), second.size()}};
  msghdr message{};
  message.msg_iov = iov.data();
  message.msg_iovlen = second.empty() ? 1 : 2;
  ssize_t n;
  do {
    n = ::sendmsg(fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

// A response whose bytes are all in memory (header, and the body if any): written at once when
// the socket takes it all (the usual case: a small answer fits the socket buffer), which skips
// the write timer and the scheduler round trip of an asynchronous write (4 KiB GETs +3-5%,
// bench/RESULTS.md); what the socket does not take goes out asynchronously, bounded by the
// timeout as before.
awaitable<WriteOutcome> write_in_memory(beast::tcp_stream& stream, const std::string& header,
                                        std::string_view body, std::chrono::milliseconds timeout) {
  WriteOutcome out;
  const std::size_t total = header.size() + body.size();
  std::size_t sent = 0;
  const ssize_t now = send_now(stream.socket().native_handle(), header, body);
  if (now > 0) {
    sent = static_cast<std::size_t>(now);
  } else if (now < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    co_return out;  // the peer is gone
  }
  if (sent < total) {
    std::string_view rest_header, rest_body = body;
    if (sent < header.size()) {
      rest_header = std::string_view(header).substr(sent);
    } else {
      rest_body = body.substr(sent - header.size());
    }
    const std::array<net::const_buffer, 2> rest{net::buffer(rest_header), net::buffer(rest_body)};
    stream.expires_after(timeout);
    auto [ec, n] = co_await net::async_write(stream, rest, kTuple);
    sent += n;
    if (ec) {
      out.header_sent = sent > 0;
      co_return out;
    }
  }
  out.header_sent = true;
  out.complete = true;
  out.body_bytes = body.size();
  co_return out;
}

}  // namespace

awaitable<WriteOutcome> write_response(beast::tcp_stream& stream, core::Response& response,
                                       const ResponseFrame& frame, std::span<char> scratch) {
  const bool body_allowed = !frame.head && !status_forbids_body(response.status);
  if (body_allowed) inline_small_file(response);
  const std::string header =
      serialize_response_header(response, {frame.version, frame.head, frame.keep_alive});
  const bool file_body = body_allowed && response.file && response.file->length > 0;
  if (!file_body) {
    const std::string_view body =
        body_allowed && !response.file ? std::string_view(response.body) : std::string_view();
    co_return co_await write_in_memory(stream, header, body, frame.io_timeout);
  }

  WriteOutcome out;
  stream.expires_after(frame.io_timeout);
  // A header followed by a file body leaves as full segments (nginx's tcp_nopush): corked until
  // the body is written, uncorked on every way out.
  SocketCork corked(stream.socket().native_handle(), true);
  auto [ec, n] = co_await net::async_write(stream, net::buffer(header), kTuple);
  out.header_sent = !ec || n > 0;
  if (ec) co_return out;

  const core::FileRange& file = *response.file;
  if (!file.fd) {
    core::log_error("http: file response without an open descriptor");
    co_return out;
  }
  SendfileResult r = SendfileResult::kUnsupported;
  if (frame.use_sendfile) {
    r = co_await send_with_sendfile(stream, file.fd.get(), file.offset, file.length,
                                    frame.io_timeout, out.body_bytes);
  }
  if (r == SendfileResult::kDone) {
    out.complete = true;
  } else if (r == SendfileResult::kUnsupported && !scratch.empty()) {
    out.complete = co_await send_with_pread(stream, file.fd.get(), file.offset, file.length,
                                            frame.io_timeout, scratch, out.body_bytes);
  }
  co_return out;
}

namespace {

template <class Stream>
awaitable<bool> write_interim_continue(Stream& stream, std::chrono::milliseconds io_timeout) {
  bhttp::response<bhttp::empty_body> interim(bhttp::status::continue_, 11);
  beast::get_lowest_layer(stream).expires_after(io_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, interim, kTuple);
  co_return !ec;
}

}  // namespace

awaitable<bool> write_continue(beast::tcp_stream& stream, std::chrono::milliseconds io_timeout) {
  co_return co_await write_interim_continue(stream, io_timeout);
}

awaitable<bool> write_continue(TlsStream& stream, std::chrono::milliseconds io_timeout) {
  co_return co_await write_interim_continue(stream, io_timeout);
}

awaitable<WriteOutcome> write_response(TlsStream& stream, core::Response& response,
                                       const ResponseFrame& frame, std::span<char> scratch) {
  WriteOutcome out;
  const bool body_allowed = !frame.head && !status_forbids_body(response.status);
  if (body_allowed) inline_small_file(response);
  const std::string header =
      serialize_response_header(response, {frame.version, frame.head, frame.keep_alive});
  const bool file_body = body_allowed && response.file && response.file->length > 0;
  const std::string_view body =
      body_allowed && !response.file ? std::string_view(response.body) : std::string_view();
  // Header and an in-memory body in one write (ssl_stream makes few records of them).
  const std::array<net::const_buffer, 2> head{net::buffer(header), net::buffer(body)};
  auto& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(frame.io_timeout);
  auto [ec, n] = co_await net::async_write(stream, head, kTuple);
  out.header_sent = !ec || n > 0;
  if (ec) co_return out;
  out.body_bytes = body.size();
  if (!file_body) {
    out.complete = true;
    co_return out;
  }
  const core::FileRange& file = *response.file;
  if (!file.fd || scratch.empty()) {
    core::log_error("http: file response without an open descriptor or a buffer");
    co_return out;
  }
  out.complete = co_await send_with_pread(stream, file.fd.get(), file.offset, file.length,
                                          frame.io_timeout, scratch, out.body_bytes);
  co_return out;
}

}  // namespace s3sandbox::http
