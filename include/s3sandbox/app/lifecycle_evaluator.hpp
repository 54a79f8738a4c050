// Runs buckets' lifecycle rules against the sandbox clock: expires the objects whose time has
// come (Expiration Days / Date) and aborts the multipart uploads that are too old
// (AbortIncompleteMultipartUpload), through the backend's ordinary delete and abort, each one
// recorded in the request journal (operation "Lifecycle.Expiration" or
// "Lifecycle.AbortIncompleteMultipartUpload", the rule's ID in the diagnosis) and announced as
// S3's LifecycleExpiration:Delete event when the bucket has notifications.
//
// When it runs:
//   - run_all(): after the sandbox clock is moved (POST /_sandbox/clock), before the answer, so
//     that the next request sees the result: a test checks its cleanup rules without waiting;
//   - run_due(): on a timer (start()), every `period` of real time, for the buckets whose next
//     due time has passed; cheap when no bucket has rules (a cached settings read per bucket);
//   - run_bucket_if_due(): before a listing of a bucket with rules; GET and HEAD check their
//     one object (expire_now) so no read shows an expired object.
// Cost: O(objects the rules' prefixes cover) per bucket run, a page of 1000 keys at a time;
// each removal is its own write transaction, so the write gate is never held for a bucket.
// Thread safety: every method may be called from any thread; bucket runs are serialized.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/backend.hpp"
#include "s3sandbox/xml/lifecycle.hpp"

namespace s3sandbox::app {

class ExchangeObserver;
class EventSink;

struct LifecycleReport {
  std::size_t buckets = 0;  // buckets with rules looked at
  std::size_t expired = 0;  // objects removed
  std::size_t aborted = 0;  // uploads aborted
};

class LifecycleEvaluator {
 public:
  LifecycleEvaluator(storage::Backend& backend, const core::Clock& clock, std::string region);
  ~LifecycleEvaluator();
  LifecycleEvaluator(const LifecycleEvaluator&) = delete;
  LifecycleEvaluator& operator=(const LifecycleEvaluator&) = delete;

  // Both optional, set before start(); they must outlive the evaluator's runs.
  void set_observer(ExchangeObserver* observer) { observer_ = observer; }
  void set_event_sink(EventSink* sink) { events_ = sink; }

  // Every bucket with rules, now.
  LifecycleReport run_all();
  // The buckets whose next due time has passed (or is unknown).
  LifecycleReport run_due();
  // One bucket, now / only when its next due time has passed.
  LifecycleReport run_bucket(const std::string& bucket);
  void run_bucket_if_due(const std::string& bucket);
  // A write made an object (or upload) due at `at`: the bucket's next run is no later.
  void note_due(const std::string& bucket, core::TimePoint at);
  // Removes one object a rule expired (the read path found it past its time): true when the
  // object is gone (removed now or before).
  bool expire_now(const std::string& bucket, const storage::ObjectMeta& meta,
                  const std::string& rule_id);

  // The timer thread: run_due() every `period` of real time until stop().
  void start(std::chrono::milliseconds period);
  void stop();

 private:
  struct BucketState {
    std::string configuration;                // the setting the due time was computed for
    std::optional<core::TimePoint> next_due;  // nullopt: nothing covered is waiting
  };
  LifecycleReport run_locked(const std::string& bucket);
  void record(std::string_view operation, const std::string& bucket, const std::string& key,
              const std::string& diagnosis);
  void announce(const std::string& bucket, const std::string& key, std::string_view event_name,
                std::optional<std::string> version_id = std::nullopt);
  void run_versions(const std::string& bucket, const xml::LifecycleConfiguration& config,
                    core::TimePoint now, std::optional<core::TimePoint>& next_due,
                    LifecycleReport& report);
  static std::optional<std::string> marker_expires(const xml::LifecycleConfiguration& config,
                                                   const std::string& key);
  bool only_version(const std::string& bucket, const std::string& key);

  storage::Backend& backend_;
  const core::Clock& clock_;
  std::string region_;
  ExchangeObserver* observer_ = nullptr;
  EventSink* events_ = nullptr;

  std::mutex run_mu_;  // one bucket run at a time
  std::mutex state_mu_;
  std::map<std::string, BucketState> state_;

  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace s3sandbox::app
