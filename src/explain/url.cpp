#include "explain/url.hpp"

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::explain {

std::optional<UrlParts> split_url(std::string_view url) {
  UrlParts out;
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  out.scheme = core::to_lower(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  auto end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);  // user:password@ is not sent as Host
  }
  if (authority.empty()) return std::nullopt;
  // A client leaves the scheme's default port out of Host (browsers, curl, requests, the SDKs).
  const std::string_view default_port = out.scheme == "https" ? ":443" : ":80";
  if (authority.ends_with(default_port) && authority.find(']') != authority.size() - 1) {
    authority.remove_suffix(default_port.size());
  }
  out.host = std::string(authority);
  auto question = rest.find('?');
  std::string_view path = rest.substr(0, question);
  out.path = path.empty() ? std::string_view("/") : path;
  if (question != std::string_view::npos) out.query = std::string(rest.substr(question + 1));
  return out;
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") ||
         host == "[::1]";
}

}  // namespace s3sandbox::explain
