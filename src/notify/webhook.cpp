#include "s3sandbox/notify/webhook.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace s3sandbox::notify {
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

std::optional<WebhookUrl> parse_webhook_url(std::string_view url, std::string* why) {
  auto refuse = [why](std::string reason) -> std::optional<WebhookUrl> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  constexpr std::string_view kScheme = "http://";
  if (url.starts_with("https://")) {
    return refuse("https webhooks are not supported; give an http:// URL (a local receiver)");
  }
  if (!url.starts_with(kScheme)) return refuse("a webhook URL starts with http://");
  std::string_view rest = url.substr(kScheme.size());
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  WebhookUrl out;
  if (slash != std::string_view::npos) out.target = std::string(rest.substr(slash));
  if (authority.starts_with('[')) {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) return refuse("unclosed '[' in the webhook's host");
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (authority.starts_with(':')) out.port = std::string(authority.substr(1));
  } else {
    auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  if (out.host.empty()) return refuse("the webhook URL has no host");
  if (out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos ||
      out.port.size() > 5) {
    return refuse("the webhook URL's port must be a number");
  }
  return out;
}

PostOutcome post_json(const WebhookUrl& url, std::string_view body,
                      std::chrono::milliseconds timeout) {
  PostOutcome outcome;
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    tcp::resolver resolver(io);
    stream.connect(resolver.resolve(url.host, url.port));

    http::request<http::string_body> request{http::verb::post, url.target, 11};
    const bool v6 = url.host.find(':') != std::string::npos;
    request.set(http::field::host, (v6 ? "[" + url.host + "]" : url.host) + ":" + url.port);
    request.set(http::field::user_agent, "s3sandbox-notifications");
    request.set(http::field::content_type, "application/json");
    request.set(http::field::connection, "close");
    request.body() = std::string(body);
    request.prepare_payload();
    http::write(stream, request);

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);  // a receiver's answer is not read further
    http::read(stream, buffer, parser);
    const unsigned status = parser.get().result_int();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    if (status >= 200 && status < 300) {
      outcome.delivered = true;
    } else {
      outcome.error = "HTTP " + std::to_string(status);
    }
  } catch (const std::exception& e) {
    // Connection refused, timeouts, resolution failures: the reason is what a test needs.
    outcome.error = e.what();
  }
  return outcome;
}

}  // namespace s3sandbox::notify
