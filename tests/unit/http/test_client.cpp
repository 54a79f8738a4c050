#include "unit/http/test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cerrno>
#include <stdexcept>

namespace s3sandbox::http::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr int kReadTimeoutMs = 10'000;

// The SyncReadStream Beast's read() needs, over a POSIX socket with a poll() timeout.
class FdStream {
 public:
  explicit FdStream(int fd) : fd_(fd) {}

  template <class Buffers>
  std::size_t read_some(const Buffers& buffers, boost::system::error_code& ec) {
    ec = {};
    for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers);
         ++it) {
      net::mutable_buffer b = *it;
      if (b.size() == 0) continue;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, kReadTimeoutMs) <= 0) {
        ec = net::error::timed_out;
        return 0;
      }
      const ssize_t n = ::recv(fd_, b.data(), b.size(), 0);
      if (n == 0) ec = net::error::eof;
      if (n < 0) ec = boost::system::error_code(errno, boost::system::system_category());
      return n > 0 ? static_cast<std::size_t>(n) : 0;
    }
    return 0;
  }
  template <class Buffers>
  std::size_t read_some(const Buffers& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  int fd_;
};

}  // namespace

std::optional<std::string> Reply::header(std::string_view name) const {
  for (const core::Header& h : headers) {
    if (core::iequals(h.name, name)) return h.value;
  }
  return std::nullopt;
}

TestClient::TestClient(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("connect failed");
  }
}

TestClient::~TestClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool TestClient::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Reply TestClient::read_reply(bool head) {
  FdStream stream(fd_);
  beast::flat_buffer buffer;
  net::buffer_copy(buffer.prepare(pending_.size()), net::buffer(pending_));
  buffer.commit(pending_.size());
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  parser.skip(head);
  boost::system::error_code ec;
  bhttp::read(stream, buffer, parser, ec);
  if (ec) throw std::runtime_error("reading the response failed: " + ec.message());
  const auto rest = buffer.cdata();
  pending_.assign(static_cast<const char*>(rest.data()), rest.size());

  Reply reply;
  reply.status = static_cast<int>(parser.get().result_int());
  for (const auto& field : parser.get()) {
    reply.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  reply.body = std::move(parser.get().body());
  return reply;
}

bool TestClient::closed_by_peer() {
  if (!pending_.empty()) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, kReadTimeoutMs) <= 0) return false;
  char byte;
  const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

void TestClient::abort() {
  linger l{1, 0};  // close() then sends RST
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd_);
  fd_ = -1;
}

std::string request(std::string_view method, std::string_view target,
                    std::string_view extra_headers, std::string_view body) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: test\r\n");
  out.append(extra_headers);
  out.append("\r\n");
  out.append(body);
  return out;
}

}  // namespace s3sandbox::http::testing
