// Splitting an absolute http(s) URL into what a request built from it carries: scheme, the Host
// header's value, the raw path and query (kept percent-encoded, as signatures cover them).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace s3sandbox::explain {

struct UrlParts {
  std::string scheme;  // "http" or "https", lower-case
  std::string host;    // as the Host header carries it: "localhost:9000", no default port
  std::string path;    // raw, "/" when empty
  std::string query;   // raw, without '?'; the fragment is dropped
};

// nullopt when `url` is not an absolute http:// or https:// URL with a host.
std::optional<UrlParts> split_url(std::string_view url);

// True for localhost, *.localhost, 127.0.0.0/8 and [::1] (a host without its port): the hosts
// browsers treat as secure even over http.
bool is_loopback_host(std::string_view host_without_port);

}  // namespace s3sandbox::explain
