// EventLog: the record of every event notification the sandbox produced, delivered or not, for
// GET /_sandbox/events: a bounded ring (the oldest records go first), each record updated as its
// delivery progresses. Thread safety: every method may be called from any thread.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace s3sandbox::notify {

// Where a record's delivery stands.
enum class DeliveryStatus {
  kPending,    // queued, or waiting for a retry
  kDelivered,  // the target answered 2xx
  kFailed,     // every attempt failed (last_error says why)
  kNoTarget,   // no webhook is mapped to the destination ARN: recorded only
  kDropped,    // the delivery queue was full
};
std::string_view status_name(DeliveryStatus s);

struct EventRecord {
  std::uint64_t id = 0;  // increasing; `since` filters on it
  std::string time;      // the event's time (ISO 8601, the sandbox clock)
  std::string bucket;
  std::string key;               // as stored (not form-encoded); "" for s3:TestEvent
  std::string event_name;        // "ObjectCreated:Put", ..., or "s3:TestEvent"
  std::string configuration_id;  // "" for s3:TestEvent
  std::string destination;       // the destination ARN
  std::string target_url;        // the webhook it maps to ("" for none)
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;
  std::string last_error;
  boost::json::value message;  // the JSON body, as sent
};

struct EventFilter {
  std::optional<std::string> bucket;
  std::optional<std::string> key_prefix;
  std::optional<std::string> event_name;  // exact, or a "s3:ObjectCreated:*"-style wildcard
  std::uint64_t since = 0;                // records with an id above it
  bool matches(const EventRecord& r) const;
};

boost::json::value to_json(const EventRecord& r);

class EventLog {
 public:
  explicit EventLog(std::size_t capacity = 10000) : capacity_(capacity) {}

  // Stores the record with the next id and returns that id.
  std::uint64_t add(EventRecord record);
  // Applies `change` to the record `id`, if it is still kept.
  void update(std::uint64_t id, const std::function<void(EventRecord&)>& change);
  std::vector<EventRecord> list(const EventFilter& filter) const;
  void clear();
  // The id of the last record added (0 before any).
  std::uint64_t last_id() const;
  // Called after each record is added, on the adding thread, outside the log's lock (it may call
  // list()): a long-poll of GET /_sandbox/events wakes on it. Set before events are recorded.
  void set_on_add(std::function<void()> listener) { on_add_ = std::move(listener); }

 private:
  mutable std::mutex mutex_;
  std::deque<EventRecord> records_;  // ids ascending
  std::size_t capacity_;
  std::uint64_t next_id_ = 1;
  std::function<void()> on_add_;
};

}  // namespace s3sandbox::notify
