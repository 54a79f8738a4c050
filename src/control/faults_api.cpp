#include "s3sandbox/control/faults_api.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace s3sandbox::control {
namespace {

// The JSON members as the --fault syntax's text: numbers and strings alike.
std::optional<std::string> member_text(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) {
    char digits[32];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v.get_double());
    return std::string(digits, ec == std::errc() ? end : digits);
  }
  return std::nullopt;
}

core::Response invalid(std::string_view message) {
  return json_error(400, "InvalidFaultRule", message);
}

core::Response add_rule(app::FaultInjector& faults, const ControlRequest& r) {
  auto parsed = parse_json_object(r.body);
  if (auto* refusal = std::get_if<core::Response>(&parsed)) return std::move(*refusal);
  const auto& object = std::get<boost::json::object>(parsed);
  core::Result<app::FaultRule> rule = core::S3Error();
  if (object.size() == 1 && object.contains("spec")) {
    if (!object.at("spec").is_string()) return invalid("spec wants the rule as one string");
    rule = app::parse_fault_rule(object.at("spec").get_string());
  } else {
    if (object.empty()) {
      return invalid(
          "send a rule: JSON members named like the --fault keys, e.g. "
          "{\"operation\":\"PutObject\",\"times\":1,\"error\":\"SlowDown\"}");
    }
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& member : object) {
      auto text = member_text(member.value());
      if (!text) {
        return invalid(std::string(member.key()) + " wants a string or a number");
      }
      fields.emplace_back(std::string(member.key()), std::move(*text));
    }
    rule = app::parse_fault_fields(fields);
  }
  if (!rule) return invalid(rule.error().effective_message());
  return json_response(fault_to_json(faults.add(std::move(*rule))), 201);
}

std::optional<std::uint64_t> rule_id(const ControlRequest& r) {
  const std::string_view text = r.path_param("id");
  std::uint64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

core::Response no_such_fault(const ControlRequest& r) {
  return json_error(404, "NoSuchFault",
                    "there is no fault rule " + std::string(r.path_param("id")) +
                        "; GET /_sandbox/faults lists the rules and their ids");
}

}  // namespace

boost::json::object fault_to_json(const app::FaultRuleState& state) {
  boost::json::object out;
  out["id"] = state.id;
  out["spec"] = state.rule.spec();
  for (const auto& [key, value] : state.rule.fields()) {
    if (key == "part" || key == "status" || key == "times" || key == "seed") {
      out[key] = std::stoull(value);
    } else if (key == "probability") {
      out[key] = state.rule.limits.probability;
    } else {
      out[key] = value;
    }
  }
  out["hits"] = state.hits;
  if (state.remaining) {
    out["remaining"] = *state.remaining;
  } else {
    out["remaining"] = nullptr;
  }
  out["active"] = state.active;
  return out;
}

void add_fault_routes(ControlRoutes& routes, app::FaultInjector& faults) {
  routes.add("POST", "faults", [&faults](const ControlRequest& r) { return add_rule(faults, r); });
  routes.add("GET", "faults", [&faults](const ControlRequest&) {
    boost::json::array list;
    for (const app::FaultRuleState& state : faults.list()) list.push_back(fault_to_json(state));
    return json_response(boost::json::object{{"faults", std::move(list)}});
  });
  routes.add("DELETE", "faults", [&faults](const ControlRequest&) {
    return json_response(boost::json::object{{"deleted", faults.clear()}});
  });
  routes.add("GET", "faults/{id}", [&faults](const ControlRequest& r) {
    const auto id = rule_id(r);
    for (const app::FaultRuleState& state : faults.list()) {
      if (id && state.id == *id) return json_response(fault_to_json(state));
    }
    return no_such_fault(r);
  });
  routes.add("DELETE", "faults/{id}", [&faults](const ControlRequest& r) {
    const auto id = rule_id(r);
    if (!id || !faults.remove(*id)) return no_such_fault(r);
    return json_response(boost::json::object{{"deleted", boost::json::array{*id}}});
  });
}

}  // namespace s3sandbox::control
