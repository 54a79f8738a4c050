// The sandbox clock's endpoints:
//   GET /_sandbox/clock   {"now", "real_now", "offset_seconds", "frozen", "frozen_at"}
//   PUT /_sandbox/clock   changes it, by query parameters or a JSON object with the same names
//                         (POST is an alias):
//     offset=+2h          run at the real time + 2h (unfreezes: offset=0 undoes everything)
//     freeze=now | 2030-01-01T00:00:00Z   stand still at the current sandbox time or an instant
//     advance=+90s        move forward (or -90s back): the frozen instant, or the offset
//     unfreeze=1          run again from the frozen instant
//   In a JSON body durations may also be numbers of seconds and freeze/unfreeze booleans:
//   {"freeze": "now", "advance": "+15m"}. Several at once apply in that order (offset, freeze,
//   advance, unfreeze); the answer is the new state, as GET gives it.
//   `after_change`, when given, runs after a change and before the answer (lifecycle rules run
//   there, so the next request sees their result) and may add members to the answer.
// Thread safety: the handlers are; the clock is atomic.
#pragma once

#include <boost/json/value.hpp>
#include <functional>

#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::control {

using AfterClockChange = std::function<void(boost::json::object& answer)>;
void add_clock_routes(ControlRoutes& routes, core::SystemClock& clock,
                      AfterClockChange after_change = {});

// GET's answer: the clock's state.
boost::json::object clock_state_json(const core::SystemClock& clock);

}  // namespace s3sandbox::control
