// Webhook targets: parsing their URLs, and one HTTP POST of a JSON body (Boost.Beast, blocking,
// bounded by a timeout). Plain http only: a sandbox's webhooks are local test receivers.
// Thread safety: free functions over their arguments.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace s3sandbox::notify {

struct WebhookUrl {
  std::string host;
  std::string port = "80";
  std::string target = "/";  // path and query
};

// "http://HOST[:PORT][/PATH]"; nullopt (and `why`) for anything else, https included.
std::optional<WebhookUrl> parse_webhook_url(std::string_view url, std::string* why = nullptr);

struct PostOutcome {
  bool delivered = false;  // a 2xx answer
  std::string error;       // when not delivered: "HTTP 500", "connection refused", ...
};

// POSTs `body` (Content-Type: application/json) and reads the answer; the whole exchange is
// bounded by `timeout`.
PostOutcome post_json(const WebhookUrl& url, std::string_view body,
                      std::chrono::milliseconds timeout);

}  // namespace s3sandbox::notify
