// Time as the server sees it. Everything that compares against "now" (expiry, skew, policy
// expiration, Last-Modified) asks a Clock, so tests and `--clock-offset` control time without
// sleeping. Thread safety: all clocks may be read and adjusted from any thread.
#pragma once

#include <atomic>
#include <chrono>

namespace s3sandbox::core {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// The wall clock shifted by an adjustable offset (zero by default).
class SystemClock final : public Clock {
 public:
  explicit SystemClock(std::chrono::seconds offset = std::chrono::seconds{0}) : offset_(offset) {}
  TimePoint now() const override {
    return std::chrono::system_clock::now() + std::chrono::seconds(offset_.load());
  }
  void set_offset(std::chrono::seconds offset) { offset_ = offset; }
  std::chrono::seconds offset() const { return offset_.load(); }

 private:
  std::atomic<std::chrono::seconds> offset_;
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
