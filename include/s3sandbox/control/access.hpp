// Who may use the control API (/_sandbox/...). It resets data, injects faults and reads the
// request journal, so it must never be open to the network by accident:
// - loopback (the default): only clients on this machine, and only under a local host name
//   (localhost, *.localhost, 127.x.x.x, [::1]), so that a web page elsewhere cannot reach it
//   through DNS rebinding;
// - open (--control open): anyone who can reach the port (a container's published port, where
//   the host's requests come from the bridge, not loopback);
// - a token (--control-token T): clients elsewhere that send `Authorization: Bearer T` (or
//   `x-s3sandbox-control-token: T`); loopback clients need none.
// In every mode a browser request whose Origin is another site's is refused: a page the
// developer happens to visit must not be able to reset their sandbox.
// Thread safety: a plain value; check_control_access() is pure.
#pragma once

#include <optional>
#include <string>

#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::control {

enum class ControlExposure { kLoopback, kOpen };

struct ControlAccess {
  ControlExposure exposure = ControlExposure::kLoopback;
  std::string token;  // empty: no token accepted
};

// nullopt when `request` may use the control API; else the 403 to send, saying why and how.
std::optional<core::Response> check_control_access(const ControlAccess& access,
                                                   const core::RequestView& request);

// True for a peer address ("ip:port", "[ipv6]:port" or a bare ip) on the loopback interface.
bool is_loopback_peer(std::string_view remote_address);

}  // namespace s3sandbox::control
