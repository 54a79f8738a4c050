#include "s3sandbox/control/notify_api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <memory>
#include <mutex>

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

core::Response events_answer(const notify::Notifier& notifier,
                             const std::vector<notify::EventRecord>& found) {
  json::array out;
  for (const notify::EventRecord& e : found) out.push_back(notify::to_json(e));
  return json_response(
      json::object{{"events", std::move(out)}, {"next_since", notifier.events().last_id()}});
}

// The long-polls of GET /_sandbox/events?wait=: each waits for an event its filter selects.
// wake() runs after every recorded event (EventLog's listener), on the recording thread.
class EventWaiters {
 public:
  explicit EventWaiters(notify::Notifier& notifier) : notifier_(notifier) {}

  void add(notify::EventFilter filter, std::weak_ptr<core::DeferredResponse> later) {
    std::lock_guard lock(mutex_);
    waiters_.push_back({std::move(filter), std::move(later)});
  }

  // Answers each waiter whose filter now selects an event; forgets those answered or gone.
  void wake() {
    std::lock_guard lock(mutex_);
    std::erase_if(waiters_, [this](const Waiter& w) {
      const auto later = w.later.lock();  // the connection owns it
      if (!later || !later->pending()) return true;
      auto found = notifier_.events().list(w.filter);
      if (found.empty()) return false;
      later->resolve(events_answer(notifier_, found));
      return true;
    });
  }

 private:
  struct Waiter {
    notify::EventFilter filter;
    std::weak_ptr<core::DeferredResponse> later;
  };
  notify::Notifier& notifier_;
  std::mutex mutex_;
  std::vector<Waiter> waiters_;
};

constexpr std::chrono::seconds kMaxEventWait{60};

app::SandboxAnswer get_events(notify::Notifier& notifier, EventWaiters& waiters,
                              const ControlRequest& r) {
  auto parsed = read_event_filter(r);
  if (auto* refusal = std::get_if<core::Response>(&parsed)) return std::move(*refusal);
  const notify::EventFilter filter = std::get<notify::EventFilter>(std::move(parsed));
  std::chrono::milliseconds wait{0};
  if (auto v = r.query("wait")) {
    double seconds = -1;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), seconds);
    if (v->empty() || ec != std::errc() || end != v->data() + v->size() || seconds < 0) {
      return json_error(400, "InvalidWait",
                        "wait= takes the seconds to wait for a matching event (like 10 or 0.5, "
                        "at most 60), not '" +
                            *v + "'");
    }
    seconds = std::min(seconds, static_cast<double>(kMaxEventWait.count()));
    wait = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
  }
  auto found = notifier.events().list(filter);
  if (!found.empty() || wait.count() <= 0) return events_answer(notifier, found);
  auto later = std::make_shared<core::DeferredResponse>(
      std::chrono::steady_clock::now() + wait, [&notifier, filter] {
        return events_answer(notifier, notifier.events().list(filter));  // the deadline: none
      });
  waiters.add(filter, later);
  waiters.wake();  // an event recorded between the look above and the registration
  return later;
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
                        "since= takes an event id (a whole number, e.g. the next_since of a "
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
  auto waiters = std::make_shared<EventWaiters>(notifier);
  notifier.events().set_on_add([waiters] { waiters->wake(); });
  routes.add_deferring("GET", "events", [&notifier, waiters](const ControlRequest& r) {
    return get_events(notifier, *waiters, r);
  });
  routes.add("DELETE", "events", [&notifier](const ControlRequest&) {
    notifier.events().clear();
    return json_response(json::object{{"cleared", true}});
  });
}

}  // namespace s3sandbox::control
