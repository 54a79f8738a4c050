// Time as the server sees it. Everything that compares against "now" (expiry, skew, policy
// expiration, Last-Modified) asks a Clock, so tests and `--clock-offset` control time without
// sleeping. Thread safety: all clocks may be read and adjusted from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <limits>
#include <mutex>
#include <optional>

namespace s3sandbox::core {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // How far this clock stands from the real (system) time, when it is the real time moved on
  // purpose (the sandbox clock: an offset, a freeze); zero for a clock with no relation to the
  // real time (a test clock). The authentication diagnoses name it: clients sign with the real
  // time, so a moved sandbox clock is the usual cause of RequestTimeTooSkewed.
  virtual std::chrono::seconds moved_by() const { return std::chrono::seconds{0}; }
};

// The sandbox clock: the wall clock shifted by an adjustable offset (zero by default), or frozen
// at an instant (it then stands still until advanced or unfrozen).
//   set_offset(d)  runs at real time + d (and unfreezes: offset 0 is the real time, all undone)
//   freeze(t)      stands at t;  freeze_now() stands at the current sandbox time
//   advance(d)     moves by d: the frozen instant, or the offset when running
//   unfreeze()     runs again from the frozen instant (the offset becomes frozen - real now)
class SystemClock final : public Clock {
 public:
  explicit SystemClock(std::chrono::seconds offset = std::chrono::seconds{0})
      : offset_(std::chrono::duration_cast<Duration>(offset).count()) {}
  TimePoint now() const override {
    const Rep frozen = frozen_.load(std::memory_order_acquire);
    if (frozen != kRunning) return TimePoint(Duration(frozen));
    return std::chrono::system_clock::now() + Duration(offset_.load(std::memory_order_acquire));
  }
  std::chrono::seconds moved_by() const override {
    const Rep frozen = frozen_.load(std::memory_order_acquire);
    const Duration moved = frozen != kRunning
                               ? TimePoint(Duration(frozen)) - std::chrono::system_clock::now()
                               : Duration(offset_.load(std::memory_order_acquire));
    return std::chrono::round<std::chrono::seconds>(moved);
  }

  void set_offset(std::chrono::seconds offset) {
    std::lock_guard lock(mutex_);
    offset_.store(std::chrono::duration_cast<Duration>(offset).count());
    frozen_.store(kRunning, std::memory_order_release);
  }
  // The offset while running; while frozen, the frozen instant's distance from the real time.
  std::chrono::seconds offset() const { return moved_by(); }
  void freeze(TimePoint at) {
    std::lock_guard lock(mutex_);
    frozen_.store(at.time_since_epoch().count(), std::memory_order_release);
  }
  void freeze_now() {
    std::lock_guard lock(mutex_);
    frozen_.store(now().time_since_epoch().count(), std::memory_order_release);
  }
  void unfreeze() {
    std::lock_guard lock(mutex_);
    const Rep frozen = frozen_.load();
    if (frozen == kRunning) return;
    // The offset first: a reader that still sees the freeze reads the frozen instant, one that
    // no longer sees it reads the new offset; never the old offset.
    offset_.store((TimePoint(Duration(frozen)) - std::chrono::system_clock::now()).count());
    frozen_.store(kRunning, std::memory_order_release);
  }
  void advance(std::chrono::seconds by) {
    std::lock_guard lock(mutex_);
    const Rep step = std::chrono::duration_cast<Duration>(by).count();
    const Rep frozen = frozen_.load();
    if (frozen != kRunning) {
      frozen_.store(frozen + step, std::memory_order_release);
    } else {
      offset_.store(offset_.load() + step, std::memory_order_release);
    }
  }
  std::optional<TimePoint> frozen_at() const {
    const Rep frozen = frozen_.load(std::memory_order_acquire);
    if (frozen == kRunning) return std::nullopt;
    return TimePoint(Duration(frozen));
  }

 private:
  using Duration = TimePoint::duration;
  using Rep = Duration::rep;
  static constexpr Rep kRunning = std::numeric_limits<Rep>::min();

  std::mutex mutex_;  // serializes the adjustments (read-modify-write); now() takes no lock
  std::atomic<Rep> offset_;
  std::atomic<Rep> frozen_{kRunning};
};

// A clock that only moves when told to (tests).
class FrozenClock final : public Clock {
 public:
  explicit FrozenClock(TimePoint t) : t_(t.time_since_epoch().count()) {}
  TimePoint now() const override { return TimePoint(TimePoint::duration(t_.load())); }
  void set(TimePoint t) { t_ = t.time_since_epoch().count(); }
  void advance(std::chrono::nanoseconds d) {
    t_ += std::chrono::duration_cast<TimePoint::duration>(d).count();
  }

 private:
  std::atomic<TimePoint::rep> t_;
};

}  // namespace s3sandbox::core
