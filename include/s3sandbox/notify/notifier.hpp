// Notifier: s3sandbox's event notifications. It receives the application's object events and
// configuration changes (app::EventSink), matches them against the bucket's configuration,
// builds S3's messages (event_message.hpp), records each one (EventLog, GET /_sandbox/events)
// and delivers it by HTTP POST to the webhook mapped to its destination ARN (--notify-target,
// /_sandbox/notify-targets).
//
// Delivery never blocks the request that caused the event: messages go to a bounded queue that
// one background thread works through, retrying failures with exponential backoff (first_retry,
// doubled each time, max_attempts in all). When the queue is full a message is dropped, and its
// record says so. A message whose ARN has no webhook is recorded, not sent ("no-target"): a test
// can assert on /_sandbox/events without running a receiver. One thread delivers in turn, so a
// receiver that hangs delays the others by up to `timeout` per attempt.
//
// Thread safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "s3sandbox/app/event_sink.hpp"
#include "s3sandbox/notify/event_log.hpp"
#include "s3sandbox/notify/webhook.hpp"

namespace s3sandbox::notify {

struct NotifierOptions {
  std::size_t max_records = 10000;  // events kept for /_sandbox/events
  std::size_t max_queued = 1000;    // messages waiting for delivery (or a retry)
  int max_attempts = 5;
  std::chrono::milliseconds first_retry{100};
  std::chrono::milliseconds timeout{2000};  // one attempt: connect, send, read the answer
};

struct NotifyTarget {
  std::string arn;
  std::string url;
};

class Notifier final : public app::EventSink {
 public:
  explicit Notifier(NotifierOptions options = {});
  ~Notifier() override;  // stops the delivery thread; messages still queued are not sent
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void object_event(app::ObjectEvent event, std::string_view configuration) override;
  void configuration_set(const app::EventOrigin& origin, std::string_view configuration) override;

  // Maps `arn` to the webhook `url` (replacing a previous mapping). nullopt on success, else
  // why the URL is refused.
  std::optional<std::string> set_target(const std::string& arn, const std::string& url);
  bool remove_target(const std::string& arn);  // false when it was not mapped
  void clear_targets();
  std::vector<NotifyTarget> targets() const;

  EventLog& events() { return log_; }
  const EventLog& events() const { return log_; }

 private:
  struct Delivery {
    std::uint64_t record = 0;
    WebhookUrl url;
    std::string body;
    int attempts = 0;
  };
  using SteadyTime = std::chrono::steady_clock::time_point;

  // Looks up the record's webhook, records it, and queues its delivery.
  void publish(EventRecord record);
  std::string next_sequencer();
  void run();

  NotifierOptions options_;
  EventLog log_;

  mutable std::mutex targets_mutex_;
  std::map<std::string, std::string> targets_;  // ARN -> URL

  std::mutex queue_mutex_;
  std::condition_variable queue_changed_;
  std::multimap<SteadyTime, Delivery> queue_;  // by when the next attempt is due
  bool stopping_ = false;

  std::atomic<std::uint64_t> last_sequence_{0};
  std::thread worker_;  // last: started once everything above exists
};

}  // namespace s3sandbox::notify
