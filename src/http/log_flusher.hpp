// LogFlusher: a worker thread's batch of log lines (core::LogBatch) and the timer that writes it
// out. The access log is appended to the batch once per request with no lock and no system
// call; after a request, when lines are pending and no write is scheduled, the flusher schedules
// one kLogFlushDelay later on the worker's own io_context. A busy worker thus writes when its
// buffer fills or every kLogFlushDelay, whichever comes first, and an idle one sets no timer.
// What is pending when the worker stops is written when the flusher is destroyed.
// flush_all() has every worker write what it holds, for a response that marks a point in the log
// (Response::flush_access_logs: the per-test clean): lines of requests answered before it must
// be in the file before its own line, whichever worker served them.
// Thread safety: a flusher belongs to its worker thread; current() is that thread's. flush_all()
// may be called from any thread.
#pragma once

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

// Short enough that a test waiting for a request's access-log line sees it at once.
inline constexpr std::chrono::milliseconds kLogFlushDelay{50};
// The longest flush_all() waits for the other workers: past it, their batches are written by
// their own timers, within kLogFlushDelay.
inline constexpr std::chrono::milliseconds kMarkFlushTimeout{100};

class LogFlusher {
 public:
  explicit LogFlusher(boost::asio::io_context& io) : io_(io), timer_(io) {
    current_ = this;
    std::lock_guard lock(registry_mu_);
    registry_.push_back(this);
  }
  ~LogFlusher() {  // then batch_ writes what is pending
    current_ = nullptr;
    std::lock_guard lock(registry_mu_);
    registry_.erase(std::remove(registry_.begin(), registry_.end(), this), registry_.end());
  }
  LogFlusher(const LogFlusher&) = delete;
  LogFlusher& operator=(const LogFlusher&) = delete;

  // The calling worker thread's flusher; nullptr on other threads.
  static LogFlusher* current() { return current_; }

  // Every worker writes what it holds: this thread's at once, the others' on their own threads,
  // waited for up to `timeout` (a worker busy with one long request, or two workers flushing
  // each other at the same moment, only make the wait end early, never block it).
  static void flush_all(std::chrono::milliseconds timeout) {
    std::vector<std::future<void>> done;
    {
      std::lock_guard lock(registry_mu_);
      for (LogFlusher* f : registry_) {
        if (f == current_) continue;
        auto written = std::make_shared<std::promise<void>>();
        done.push_back(written->get_future());
        // Runs on f's worker before f is destroyed, or never (its worker stopped): a promise
        // dropped unkept ends the wait too.
        boost::asio::post(f->io_, [f, written] {
          f->batch_.flush();
          written->set_value();
        });
      }
    }
    if (current_ != nullptr) current_->batch_.flush();
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (auto& d : done) d.wait_until(deadline);
  }

  // Called after each request: schedules a write if lines wait and none is scheduled.
  void after_request() {
    if (scheduled_ || !batch_.pending()) return;
    scheduled_ = true;
    timer_.expires_after(kLogFlushDelay);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled: the worker is stopping and the destructor writes
      scheduled_ = false;
      batch_.flush();
    });
  }

 private:
  static inline thread_local LogFlusher* current_ = nullptr;
  static inline std::mutex registry_mu_;
  static inline std::vector<LogFlusher*> registry_;  // every live worker's, of every server
  boost::asio::io_context& io_;
  core::LogBatch batch_;  // destroyed after timer_: declared before it
  boost::asio::steady_timer timer_;
  bool scheduled_ = false;
};

}  // namespace s3sandbox::http
