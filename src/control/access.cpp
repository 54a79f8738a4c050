#include "s3sandbox/control/access.hpp"

#include <boost/asio/ip/address.hpp>

#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::control {
namespace {

// "ip:port" or "[ipv6]:port" → the address part.
std::string_view address_part(std::string_view peer) {
  if (!peer.empty() && peer.front() == '[') {
    const auto close = peer.find(']');
    return close == std::string_view::npos ? peer : peer.substr(1, close - 1);
  }
  if (peer.find(':') != peer.rfind(':')) return peer;  // a bare IPv6 address
  return peer.substr(0, peer.find(':'));
}

// The host name of a Host header or an Origin's authority ("localhost:9000" → "localhost").
std::string_view host_name(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(1, close - 1);
  }
  return host.substr(0, host.find(':'));
}

bool is_local_host_name(std::string_view name) {
  std::string lower = core::to_lower(name);
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  if (lower == "localhost" || lower.ends_with(".localhost")) return true;
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(lower, ec);
  return !ec && address.is_loopback();
}

// The Origin's authority ("http://localhost:9000" → "localhost:9000"), "" when none or "null".
std::string_view origin_authority(std::string_view origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return {};
  return origin.substr(scheme_end + 3);
}

std::optional<std::string_view> bearer_token(const core::RequestView& request) {
  if (auto t = request.header("x-s3sandbox-control-token")) return *t;
  if (auto a = request.header("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (a->size() > kBearer.size() && core::iequals(a->substr(0, kBearer.size()), kBearer)) {
      return a->substr(kBearer.size());
    }
  }
  return std::nullopt;
}

core::Response refuse(std::string message) {
  return json_error(403, "ControlAccessDenied", message);
}

}  // namespace

bool is_loopback_peer(std::string_view remote_address) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(address_part(remote_address)), ec);
  if (ec) return false;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .is_loopback();
  }
  return address.is_loopback();
}

std::optional<core::Response> check_control_access(const ControlAccess& access,
                                                   const core::RequestView& request) {
  const std::string_view host = request.header("Host").value_or("");
  // A page on another site (its Origin is not this server's) must not drive the sandbox.
  if (auto origin = request.header("Origin")) {
    const std::string_view authority = origin_authority(*origin);
    if (!core::iequals(authority, host)) {
      return refuse(
          "the control API answers pages served by this sandbox only; this request "
          "comes from a page of " +
          std::string(*origin) + ". Call /_sandbox/ from a test or script, not a page");
    }
  }
  const std::optional<std::string_view> token = bearer_token(request);
  const bool token_ok =
      !access.token.empty() && token && crypto::constant_time_equal(*token, access.token);
  if (token && !token_ok) {
    return refuse(access.token.empty()
                      ? "a control token was sent, but this sandbox was started without "
                        "--control-token"
                      : "the control token sent is not the one given to --control-token");
  }
  if (token_ok || access.exposure == ControlExposure::kOpen) return std::nullopt;
  if (!is_loopback_peer(request.remote_address)) {
    return refuse(
        "the control API answers clients on this machine only, and this request comes from " +
        std::string(address_part(request.remote_address)) +
        ". Start the sandbox with --control-token TOKEN and send 'Authorization: Bearer TOKEN', "
        "or with --control open on a trusted network (a container's published port)");
  }
  if (!is_local_host_name(host_name(host))) {
    return refuse(
        "the control API answers local host names only (localhost, 127.0.0.1, [::1]), "
        "not '" +
        std::string(host) +
        "': a name that resolves here from elsewhere could be a DNS-rebinding page. "
        "Use http://localhost:PORT/_sandbox/..., or start with --control-token");
  }
  return std::nullopt;
}

}  // namespace s3sandbox::control
