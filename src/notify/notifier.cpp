#include "s3sandbox/notify/notifier.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <set>

#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/notify/event_message.hpp"
#include "s3sandbox/xml/notification.hpp"

namespace s3sandbox::notify {
namespace {

// The stored configuration was validated when it was put; a document that no longer parses
// (a damaged index) announces nothing, and the log says so.
std::optional<xml::NotificationConfiguration> read_configuration(std::string_view document,
                                                                 std::string_view bucket) {
  auto config = xml::parse_notification_configuration(document, [] { return std::string(); });
  if (!config) {
    core::log_error("event notifications: the stored configuration of bucket " +
                    std::string(bucket) + " does not parse: " + config.error().diagnosis);
    return std::nullopt;
  }
  return std::move(*config);
}

}  // namespace

Notifier::Notifier(NotifierOptions options)
    : options_(options), log_(options.max_records), worker_([this] { run(); }) {}

Notifier::~Notifier() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_changed_.notify_all();
  worker_.join();
}

void Notifier::object_event(app::ObjectEvent event, std::string_view configuration) {
  auto config = read_configuration(configuration, event.origin.bucket);
  if (!config) return;
  std::string sequencer;
  for (const xml::NotificationRule& rule : config->rules) {
    if (!rule_matches(rule, event.name, event.key)) continue;
    if (sequencer.empty()) sequencer = next_sequencer();
    EventRecord r;
    r.time = core::format_iso8601(event.origin.time);
    r.bucket = event.origin.bucket;
    r.key = event.key;
    r.event_name = event.name;
    r.configuration_id = rule.id;
    r.destination = rule.arn;
    r.message = object_event_message(event, rule.id, sequencer);
    publish(std::move(r));
  }
}

void Notifier::configuration_set(const app::EventOrigin& origin, std::string_view configuration) {
  if (configuration.empty()) return;
  auto config = read_configuration(configuration, origin.bucket);
  if (!config) return;
  // One test message per queue or topic; S3 sends none to Lambda functions.
  std::set<std::string> tested;
  for (const xml::NotificationRule& rule : config->rules) {
    if (rule.kind == xml::NotifyKind::kLambda || !tested.insert(rule.arn).second) continue;
    EventRecord r;
    r.time = core::format_iso8601(origin.time);
    r.bucket = origin.bucket;
    r.event_name = "s3:TestEvent";
    r.destination = rule.arn;
    r.message = test_event_message(origin);
    publish(std::move(r));
  }
}

void Notifier::publish(EventRecord record) {
  std::optional<WebhookUrl> url;
  {
    std::lock_guard lock(targets_mutex_);
    if (auto it = targets_.find(record.destination); it != targets_.end()) {
      record.target_url = it->second;
      url = parse_webhook_url(it->second);  // checked when it was set
    }
  }
  if (!url) {
    record.status = DeliveryStatus::kNoTarget;
    record.last_error = "no webhook is mapped to " + record.destination +
                        "; map one with --notify-target ARN=URL or PUT /_sandbox/notify-targets";
    log_.add(std::move(record));
    return;
  }
  std::string body = boost::json::serialize(record.message);
  const std::uint64_t id = log_.add(std::move(record));
  {
    std::lock_guard lock(queue_mutex_);
    if (queue_.size() < options_.max_queued) {
      queue_.emplace(std::chrono::steady_clock::now(),
                     Delivery{id, std::move(*url), std::move(body), 0});
      queue_changed_.notify_one();
      return;
    }
  }
  log_.update(id, [this](EventRecord& r) {
    r.status = DeliveryStatus::kDropped;
    r.last_error = "the delivery queue was full (" + std::to_string(options_.max_queued) +
                   " messages waiting); the message was not sent";
  });
}

// Increasing across the whole server, so the events of one key are ordered as S3 promises:
// nanoseconds since the epoch, or one more than the last when two events share a nanosecond.
std::string Notifier::next_sequencer() {
  const auto now =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  std::uint64_t last = last_sequence_.load();
  std::uint64_t next = 0;
  do {
    next = std::max(now, last + 1);
  } while (!last_sequence_.compare_exchange_weak(last, next));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%018llX", static_cast<unsigned long long>(next));
  return buf;
}

void Notifier::run() {
  std::unique_lock lock(queue_mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      queue_changed_.wait(lock);
      continue;
    }
    const SteadyTime due = queue_.begin()->first;
    if (due > std::chrono::steady_clock::now()) {
      queue_changed_.wait_until(lock, due);
      continue;
    }
    Delivery d = std::move(queue_.begin()->second);
    queue_.erase(queue_.begin());
    lock.unlock();

    PostOutcome outcome = post_json(d.url, d.body, options_.timeout);
    ++d.attempts;
    const bool retry = !outcome.delivered && d.attempts < options_.max_attempts;
    log_.update(d.record, [&](EventRecord& r) {
      r.attempts = d.attempts;
      r.last_error = outcome.error;
      r.status = outcome.delivered ? DeliveryStatus::kDelivered
                 : retry           ? DeliveryStatus::kPending
                                   : DeliveryStatus::kFailed;
    });
    lock.lock();
    if (retry && !stopping_) {
      const auto backoff = options_.first_retry * (1LL << std::min(d.attempts - 1, 20));
      queue_.emplace(std::chrono::steady_clock::now() + backoff, std::move(d));
    }
  }
}

std::optional<std::string> Notifier::set_target(const std::string& arn, const std::string& url) {
  if (arn.empty()) return std::string("the ARN is empty; give the destination's ARN");
  std::string why;
  if (!parse_webhook_url(url, &why)) return why;
  std::lock_guard lock(targets_mutex_);
  targets_[arn] = url;
  return std::nullopt;
}

bool Notifier::remove_target(const std::string& arn) {
  std::lock_guard lock(targets_mutex_);
  return targets_.erase(arn) > 0;
}

void Notifier::clear_targets() {
  std::lock_guard lock(targets_mutex_);
  targets_.clear();
}

std::vector<NotifyTarget> Notifier::targets() const {
  std::lock_guard lock(targets_mutex_);
  std::vector<NotifyTarget> out;
  for (const auto& [arn, url] : targets_) out.push_back({arn, url});
  return out;
}

}  // namespace s3sandbox::notify
