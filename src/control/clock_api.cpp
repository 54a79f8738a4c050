#include "s3sandbox/control/clock_api.hpp"

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {
namespace json = boost::json;
namespace {

// One change, read from the query or the JSON body, before any is applied: a request with one
// bad parameter changes nothing.
struct ClockChange {
  std::optional<std::chrono::seconds> offset;
  std::optional<std::optional<core::TimePoint>> freeze;  // inner nullopt: "now"
  std::optional<std::chrono::seconds> advance;
  bool unfreeze = false;
};

constexpr std::string_view kKnown =
    "offset (a duration like +2h), freeze (now or an ISO 8601 instant like "
    "2030-01-01T00:00:00Z), advance (a duration like +90s or -15m), unfreeze (1)";

core::Response bad(std::string_view code, const std::string& message) {
  return json_error(400, code, message + ". The clock takes " + std::string(kKnown) + ".");
}

std::optional<std::chrono::seconds> duration_of(std::string text) {
  // An unencoded '+' in a query reads as a space ("?offset=+2h" typed in curl): take it back.
  if (!text.empty() && text.front() == ' ') text.front() = '+';
  return core::parse_duration(text);
}

// A JSON member as text: strings as they are, numbers (seconds) and booleans spelled out.
std::optional<std::string> text_of(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  return std::nullopt;
}

bool is_true(std::string_view s) { return s == "1" || s == "true" || s == "yes" || s.empty(); }

// Reads the named parameters from `get` (query or body) into a ClockChange.
template <typename Get>
std::variant<ClockChange, core::Response> read_change(Get get) {
  ClockChange change;
  if (auto text = get("offset")) {
    change.offset = duration_of(*text);
    if (!change.offset) return bad("InvalidClockOffset", "offset '" + *text + "' is no duration");
  }
  if (auto text = get("freeze")) {
    if (*text == "now" || *text == "true" || *text == "1") {
      change.freeze.emplace(std::nullopt);
    } else if (auto at = core::parse_iso8601(*text)) {
      change.freeze.emplace(*at);
    } else {
      return bad("InvalidClockFreeze", "freeze '" + *text + "' is neither now nor an instant");
    }
  }
  if (auto text = get("advance")) {
    change.advance = duration_of(*text);
    if (!change.advance) {
      return bad("InvalidClockAdvance", "advance '" + *text + "' is no duration");
    }
  }
  if (auto text = get("unfreeze")) change.unfreeze = is_true(*text);
  if (change.freeze && change.unfreeze) {
    return bad("InvalidClockChange", "freeze and unfreeze in one request contradict each other");
  }
  if (!change.offset && !change.freeze && !change.advance && !change.unfreeze) {
    return bad("MissingClockChange", "nothing to change was given");
  }
  return change;
}

std::variant<ClockChange, core::Response> change_of(const ControlRequest& r) {
  if (r.body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return read_change([&r](std::string_view name) { return r.query(name); });
  }
  auto parsed = parse_json_object(r.body);
  if (auto* refusal = std::get_if<core::Response>(&parsed)) return std::move(*refusal);
  const json::object& body = std::get<json::object>(parsed);
  for (const auto& member : body) {
    const std::string name(member.key());
    if (name != "offset" && name != "freeze" && name != "advance" && name != "unfreeze") {
      return bad("UnknownClockField", "unknown field '" + name + "'");
    }
    if (!text_of(member.value())) {
      return bad("InvalidClockChange", "field '" + name + "' must be a string, number or boolean");
    }
  }
  return read_change([&body](std::string_view name) -> std::optional<std::string> {
    const json::value* v = body.if_contains(name);
    if (v == nullptr) return std::nullopt;
    return text_of(*v);
  });
}

void apply(const ClockChange& change, core::SystemClock& clock) {
  if (change.offset) clock.set_offset(*change.offset);
  if (change.freeze) {
    if (*change.freeze) {
      clock.freeze(**change.freeze);
    } else {
      clock.freeze_now();
    }
  }
  if (change.advance) clock.advance(*change.advance);
  if (change.unfreeze) clock.unfreeze();
}

}  // namespace

json::object clock_state_json(const core::SystemClock& clock) {
  const auto frozen = clock.frozen_at();
  return json::object{
      {"now", core::format_iso8601(clock.now())},
      {"real_now", core::format_iso8601(std::chrono::system_clock::now())},
      {"offset_seconds", clock.offset().count()},
      {"frozen", frozen.has_value()},
      {"frozen_at", frozen ? json::value(core::format_iso8601(*frozen)) : json::value(nullptr)},
  };
}

void add_clock_routes(ControlRoutes& routes, core::SystemClock& clock,
                      AfterClockChange after_change) {
  routes.add("GET", "clock",
             [&clock](const ControlRequest&) { return json_response(clock_state_json(clock)); });
  const auto set = [&clock, after_change](const ControlRequest& r) {
    auto change = change_of(r);
    if (auto* refusal = std::get_if<core::Response>(&change)) return std::move(*refusal);
    apply(std::get<ClockChange>(change), clock);
    json::object answer = clock_state_json(clock);
    if (after_change) after_change(answer);
    return json_response(std::move(answer));
  };
  routes.add("PUT", "clock", set);
  routes.add("POST", "clock", set);
}

}  // namespace s3sandbox::control
