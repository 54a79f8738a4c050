#include "s3sandbox/control/clock_api.hpp"

#include <boost/json.hpp>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {
namespace {

core::Response clock_state(const core::SystemClock& clock) {
  return json_response(boost::json::object{
      {"offset_seconds", clock.offset().count()},
      {"now", core::format_iso8601(clock.now())},
  });
}

}  // namespace

void add_clock_routes(ControlRoutes& routes, core::SystemClock& clock) {
  routes.add("GET", "clock", [&clock](const ControlRequest&) { return clock_state(clock); });
  const auto set = [&clock](const ControlRequest& r) {
    // An unencoded '+' in a query reads as a space ("?offset=+2h" typed in curl): take it back.
    std::string text = r.query("offset").value_or("");
    if (!text.empty() && text.front() == ' ') text.front() = '+';
    const auto parsed = core::parse_duration(text);
    if (!parsed) {
      return json_error(400, "InvalidClockOffset",
                        "give ?offset= as a duration like +2h, -30m, 90s");
    }
    clock.set_offset(*parsed);
    return clock_state(clock);
  };
  routes.add("PUT", "clock", set);
  routes.add("POST", "clock", set);
}

}  // namespace s3sandbox::control
