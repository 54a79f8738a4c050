#include "http/tls_handshake.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <string_view>

#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

namespace net = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto kTuple = net::as_tuple(net::use_awaitable);

// OpenSSL's "http request": a plain-HTTP request line where a ClientHello belongs.
bool is_plain_http(const beast::error_code& ec) {
  return ec.category() == net::error::get_ssl_category() &&
         ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_HTTP_REQUEST;
}

// A handshake failure in words a developer can act on.
std::string handshake_failure(const beast::error_code& ec) {
  std::string why = ec.message();
  if (ec.category() == net::error::get_ssl_category()) {
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    if (reason == SSL_R_TLSV1_ALERT_UNKNOWN_CA || reason == SSL_R_SSLV3_ALERT_BAD_CERTIFICATE ||
        reason == SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN) {
      why +=
          " (the client does not trust the server certificate: give it the CA, e.g. "
          "boto3 verify=ca.pem, aws --ca-bundle ca.pem, curl --cacert ca.pem)";
    } else if (reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_WRONG_VERSION_NUMBER) {
      why += " (TLS 1.2 or later is required)";
    }
  }
  return why;
}

}  // namespace

net::awaitable<bool> accept_tls(TlsStream& stream, const std::string& peer,
                                std::chrono::milliseconds timeout) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(timeout);
  auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::server, kTuple);
  if (!ec) co_return true;
  if (is_plain_http(ec)) {
    core::log_warn("tls: plain HTTP from " + peer +
                   " on the HTTPS port; answered 400 (use https://, or the http:// port)");
    static constexpr std::string_view kAnswer =
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
        "Content-Length: 71\r\n\r\n"
        "This port of s3sandbox speaks HTTPS: use https:// or the http:// port.\n";
    tcp.expires_after(std::chrono::seconds(2));
    co_await net::async_write(tcp.socket(), net::buffer(kAnswer), kTuple);
  } else if (ec == beast::error::timeout) {
    core::log_info("tls: " + peer + " did not finish its TLS handshake in time; closed");
  } else if (ec != net::error::eof && ec != net::ssl::error::stream_truncated) {
    core::log_warn("tls: handshake with " + peer + " failed: " + handshake_failure(ec));
  }
  co_return false;
}

net::awaitable<void> close_tls(TlsStream& stream) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  if (!tcp.socket().is_open()) co_return;
  tcp.expires_after(std::chrono::milliseconds(500));
  auto [ec] = co_await stream.async_shutdown(kTuple);
  (void)ec;  // the client closed first, or never answered: closed either way
}

bool looks_like_tls(const beast::flat_buffer& buffer) {
  const auto bytes = static_cast<const unsigned char*>(buffer.data().data());
  return buffer.size() >= 2 && bytes[0] == 0x16 && bytes[1] == 0x03;
}

}  // namespace s3sandbox::http
