// RoamWhileLarge: while a large body streams, a pinned worker may leave its CPU.
// A pinned worker (ServerOptions::pin_threads) is kept on its clients' CPU, where a request and
// its response take turns at no cost; a large body is the opposite case: client and server
// copying at the same time on two CPUs is faster than in turns on one (64 MiB GET 2.2 against
// 1.4 GB/s, PUT 530 against 390 MB/s in bench/). So while a large body streams, the worker may
// run on any CPU, and it returns to its own when its last large body is done. Unpinned workers
// (the default) are left alone.
// Thread safety: one per streaming body, on its worker's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <thread>

#include "http/worker_choice.hpp"

namespace s3sandbox::http {

// Bodies from this size on stream with a pinned worker free to leave its CPU.
inline constexpr std::uint64_t kLargeBody = 1024 * 1024;

class RoamWhileLarge {
 public:
  RoamWhileLarge(const WorkerMap& map, std::size_t worker, std::uint64_t bytes)
      : map_(map),
        worker_(worker),
        active_(map.pinned() && bytes >= kLargeBody),
        thread_(std::this_thread::get_id()) {
    if (active_ && roaming_++ == 0) map_.let_run_anywhere();
  }
  ~RoamWhileLarge() {
    // A coroutine frame destroyed by the server's shutdown on another thread leaves that thread
    // alone.
    if (!active_ || thread_ != std::this_thread::get_id()) return;
    if (--roaming_ == 0) map_.keep_on_its_cpus(worker_);
  }
  RoamWhileLarge(const RoamWhileLarge&) = delete;
  RoamWhileLarge& operator=(const RoamWhileLarge&) = delete;

 private:
  static inline thread_local int roaming_ = 0;  // large bodies streaming on this worker
  const WorkerMap& map_;
  const std::size_t worker_;
  const bool active_;
  const std::thread::id thread_;
};

}  // namespace s3sandbox::http
