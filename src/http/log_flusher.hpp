// LogFlusher: a worker thread's batch of log lines (core::LogBatch) and the timer that writes it
// out. The access log is appended to the batch once per request with no lock and no system
// call; after a request, when lines are pending and no write is scheduled, the flusher schedules
// one kLogFlushDelay later on the worker's own io_context. A busy worker thus writes when its
// buffer fills or every kLogFlushDelay, whichever comes first, and an idle one sets no timer.
// What is pending when the worker stops is written when the flusher is destroyed.
// Thread safety: a flusher belongs to its worker thread; current() is that thread's.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

// Short enough that a test waiting for a request's access-log line sees it at once.
inline constexpr std::chrono::milliseconds kLogFlushDelay{50};

class LogFlusher {
 public:
  explicit LogFlusher(boost::asio::io_context& io) : timer_(io) { current_ = this; }
  ~LogFlusher() { current_ = nullptr; }  // then batch_ writes what is pending
  LogFlusher(const LogFlusher&) = delete;
  LogFlusher& operator=(const LogFlusher&) = delete;

  // The calling worker thread's flusher; nullptr on other threads.
  static LogFlusher* current() { return current_; }

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
  core::LogBatch batch_;  // destroyed after timer_: declared before it
  boost::asio::steady_timer timer_;
  bool scheduled_ = false;
};

}  // namespace s3sandbox::http
