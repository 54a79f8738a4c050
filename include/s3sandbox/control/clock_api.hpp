// The sandbox clock's endpoints:
//   GET  /_sandbox/clock              {"offset_seconds":N,"now":"<ISO 8601>"}
//   PUT  /_sandbox/clock?offset=+2h   shift the server clock (expiry tests without sleeping)
// Thread safety: the handlers are; the clock is atomic.
#pragma once

#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::control {

void add_clock_routes(ControlRoutes& routes, core::SystemClock& clock);

}  // namespace s3sandbox::control
