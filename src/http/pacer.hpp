// Pacer: keeps a body's average rate at or under a limit (core::BodyImpairment::bytes_per_second,
// the fault injection's throttle). The caller moves at most piece() bytes at a time and, after
// each, waits wait_after(total so far) on a timer: the body then takes at least total / rate
// seconds however fast the other side is. Thread safety: a plain value of one connection.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace s3sandbox::http {

class Pacer {
 public:
  explicit Pacer(std::uint64_t bytes_per_second)
      : rate_(bytes_per_second), start_(std::chrono::steady_clock::now()) {}

  bool active() const { return rate_ != 0; }

  // The largest piece to move at once: a twentieth of a second's worth (at least one byte), so
  // the rate is even rather than one burst a second.
  std::size_t piece(std::size_t limit) const {
    if (!active()) return limit;
    return static_cast<std::size_t>(std::clamp<std::uint64_t>(rate_ / 20, 1, limit));
  }

  // How long to wait now that `done` bytes have passed; zero when behind schedule.
  std::chrono::nanoseconds wait_after(std::uint64_t done) const {
    if (!active()) return std::chrono::nanoseconds(0);
    const auto due =
        start_ + std::chrono::nanoseconds(static_cast<std::int64_t>(
                     static_cast<long double>(done) * 1e9L / static_cast<long double>(rate_)));
    const auto now = std::chrono::steady_clock::now();
    return due > now ? std::chrono::duration_cast<std::chrono::nanoseconds>(due - now)
                     : std::chrono::nanoseconds(0);
  }

 private:
  std::uint64_t rate_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace s3sandbox::http
