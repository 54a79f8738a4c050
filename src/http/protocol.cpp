#include "http/protocol.hpp"

namespace s3sandbox::http {

void split_target(std::string_view target, std::string& path, std::string& query) {
  const std::size_t q = target.find('?');
  if (q == std::string_view::npos) {
    path.assign(target);
    query.clear();
    return;
  }
  path.assign(target.substr(0, q));
  query.assign(target.substr(q + 1));
}

std::optional<AbsoluteTarget> parse_absolute_form(std::string_view target) {
  std::size_t scheme_end = 0;
  if (target.size() >= 7 && core::iequals(target.substr(0, 7), "http://")) {
    scheme_end = 7;
  } else if (target.size() >= 8 && core::iequals(target.substr(0, 8), "https://")) {
    scheme_end = 8;
  } else {
    return std::nullopt;
  }
  const std::string_view rest = target.substr(scheme_end);
  const std::size_t authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  AbsoluteTarget out{authority, {}};
  const std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (tail.empty() || tail.front() != '/') out.origin_form = "/";
  out.origin_form.append(tail);
  return out;
}

void replace_host(std::vector<core::Header>& headers, std::string_view authority) {
  bool placed = false;
  for (auto it = headers.begin(); it != headers.end();) {
    if (!core::iequals(it->name, "Host")) {
      ++it;
    } else if (!placed) {
      it->value.assign(authority);
      placed = true;
      ++it;
    } else {
      it = headers.erase(it);
    }
  }
  if (!placed) headers.push_back({"Host", std::string(authority)});
}

bool expects_continue(const core::RequestView& request, unsigned http_version) {
  if (http_version < 11) return false;  // HTTP/1.0 clients do not wait for 100 (RFC 9110 10.1.1)
  const auto expect = request.header("Expect");
  return expect && core::iequals(*expect, "100-continue");
}

bool status_forbids_body(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

bool is_server_owned_header(std::string_view name) {
  return core::iequals(name, "Content-Length") || core::iequals(name, "Transfer-Encoding") ||
         core::iequals(name, "Connection") || core::iequals(name, "Keep-Alive");
}

bool is_safe_header(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || c == ':') return false;
  }
  for (char c : value) {
    // One comparison for the usual byte: every response header goes through this.
    if (static_cast<unsigned char>(c) <= '\r' && (c == '\r' || c == '\n' || c == '\0')) {
      return false;
    }
  }
  return true;
}

std::string format_peer(std::string_view address, std::uint16_t port) {
  std::string out;
  if (address.find(':') != std::string_view::npos) {
    out.append("[").append(address).append("]");
  } else {
    out.append(address);
  }
  out.append(":").append(std::to_string(port));
  return out;
}

}  // namespace s3sandbox::http
