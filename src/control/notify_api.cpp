#include "s3sandbox/control/notify_api.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace s3sandbox::control {
namespace json = boost::json;

namespace {

core::Response targets_answer(const notify::Notifier& notifier) {
  json::array out;
  for (const notify::NotifyTarget& t : notifier.targets()) {
    out.push_back(json::object{{"arn", t.arn}, {"url", t.url}});
  }
  return json_response(json::object{{"targets", std::move(out)}});
}

std::string string_field(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

core::Response put_target(notify::Notifier& notifier, const ControlRequest& r) {
  auto body = parse_json_object(r.body);
  if (auto* refusal = std::get_if<core::Response>(&body)) return std::move(*refusal);
  const json::object& o = std::get<json::object>(body);
  const std::string arn = string_field(o, "arn");
  const std::string url = string_field(o, "url");
  if (arn.empty() || url.empty()) {
    return json_error(400, "InvalidNotifyTarget",
                      "send {\"arn\": \"arn:aws:sqs:us-east-1:123456789012:uploads\", \"url\": "
                      "\"http://127.0.0.1:8080/hook\"}: both are strings");
  }
  if (auto why = notifier.set_target(arn, url)) return json_error(400, "InvalidNotifyTarget", *why);
  return targets_answer(notifier);
}

core::Response delete_targets(notify::Notifier& notifier, const ControlRequest& r) {
  auto arn = r.query("arn");
  if (!arn) {
    notifier.clear_targets();
  } else if (!notifier.remove_target(*arn)) {
    return json_error(404, "NoSuchNotifyTarget",
                      "no webhook is mapped to '" + *arn +
                          "'; GET /_sandbox/notify-targets lists the mapped ARNs");
  }
  return targets_answer(notifier);
}

core::Response list_events(notify::Notifier& notifier, const ControlRequest& r) {
  auto filter = read_event_filter(r);
  if (auto* refusal = std::get_if<core::Response>(&filter)) return std::move(*refusal);
  json::array out;
  for (const notify::EventRecord& e :
       notifier.events().list(std::get<notify::EventFilter>(filter))) {
    out.push_back(notify::to_json(e));
  }
  return json_response(
      json::object{{"events", std::move(out)}, {"last_id", notifier.events().last_id()}});
}

}  // namespace

std::variant<notify::EventFilter, core::Response> read_event_filter(const ControlRequest& r) {
  notify::EventFilter f;
  f.bucket = r.query("bucket");
  f.key_prefix = r.query("key");
  f.event_name = r.query("event");
  if (auto since = r.query("since")) {
    auto [ptr, ec] = std::from_chars(since->data(), since->data() + since->size(), f.since);
    if (since->empty() || ec != std::errc() || ptr != since->data() + since->size()) {
      return json_error(400, "InvalidSince",
                        "since= takes an event id (a whole number, e.g. the last_id of a "
                        "previous answer), not '" +
                            *since + "'");
    }
  }
  return f;
}

void add_notify_routes(ControlRoutes& routes, notify::Notifier& notifier) {
  routes.add("GET", "notify-targets",
             [&notifier](const ControlRequest&) { return targets_answer(notifier); });
  routes.add("PUT", "notify-targets",
             [&notifier](const ControlRequest& r) { return put_target(notifier, r); });
  routes.add("DELETE", "notify-targets",
             [&notifier](const ControlRequest& r) { return delete_targets(notifier, r); });
  routes.add("GET", "events",
             [&notifier](const ControlRequest& r) { return list_events(notifier, r); });
  routes.add("DELETE", "events", [&notifier](const ControlRequest&) {
    notifier.events().clear();
    return json_response(json::object{{"cleared", true}});
  });
}

}  // namespace s3sandbox::control
