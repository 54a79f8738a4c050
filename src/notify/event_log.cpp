#include "s3sandbox/notify/event_log.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "s3sandbox/notify/event_message.hpp"

namespace s3sandbox::notify {
namespace json = boost::json;

std::string_view status_name(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kPending:
      return "pending";
    case DeliveryStatus::kDelivered:
      return "delivered";
    case DeliveryStatus::kFailed:
      return "failed";
    case DeliveryStatus::kNoTarget:
      return "no-target";
    case DeliveryStatus::kDropped:
      return "dropped";
  }
  return "unknown";
}

bool EventFilter::matches(const EventRecord& r) const {
  if (r.id <= since) return false;
  if (bucket && r.bucket != *bucket) return false;
  if (key_prefix && !r.key.starts_with(*key_prefix)) return false;
  if (event_name) {
    // "ObjectCreated:Put", "s3:ObjectCreated:Put" and "s3:ObjectCreated:*" all select a Put.
    std::string_view want = *event_name;
    const bool exact =
        want == r.event_name || (want.starts_with("s3:") && want.substr(3) == r.event_name);
    const std::string qualified =
        want.starts_with("s3:") ? std::string(want) : "s3:" + std::string(want);
    if (!exact && !event_type_covers(qualified, r.event_name)) return false;
  }
  return true;
}

json::value to_json(const EventRecord& r) {
  return json::object{
      {"id", r.id},
      {"time", r.time},
      {"bucket", r.bucket},
      {"key", r.key},
      {"event", r.event_name},
      {"configuration_id", r.configuration_id},
      {"destination", r.destination},
      {"target_url", r.target_url},
      {"status", status_name(r.status)},
      {"attempts", r.attempts},
      {"last_error", r.last_error},
      {"message", r.message},
  };
}

std::uint64_t EventLog::add(EventRecord record) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = record.id = next_id_++;
    if (records_.size() == capacity_) records_.pop_front();
    records_.push_back(std::move(record));
  }
  if (on_add_) on_add_();
  return id;
}

void EventLog::update(std::uint64_t id, const std::function<void(EventRecord&)>& change) {
  std::lock_guard lock(mutex_);
  auto it = std::lower_bound(records_.begin(), records_.end(), id,
                             [](const EventRecord& r, std::uint64_t v) { return r.id < v; });
  if (it != records_.end() && it->id == id) change(*it);
}

std::vector<EventRecord> EventLog::list(const EventFilter& filter) const {
  std::lock_guard lock(mutex_);
  std::vector<EventRecord> out;
  for (const EventRecord& r : records_) {
    if (filter.matches(r)) out.push_back(r);
  }
  return out;
}

void EventLog::clear() {
  std::lock_guard lock(mutex_);
  records_.clear();
}

std::uint64_t EventLog::last_id() const {
  std::lock_guard lock(mutex_);
  return next_id_ - 1;
}

}  // namespace s3sandbox::notify
