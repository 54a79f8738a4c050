// Logging to stderr, one line per call, serialized across threads. Levels: error, warn, info,
// debug. Never pass secrets here: callers log access key ids, never secret keys or signatures'
// signing keys.
//
// Lines that come once per request (the access log) go through log_batched(): on a thread that
// holds a LogBatch (each HTTP worker does) they are appended to that thread's buffer, with no
// lock and no system call, and written in one go when the buffer passes kBatchFlushBytes, when
// the owner calls LogBatch::flush() (the HTTP workers do every few tens of milliseconds) or when
// the batch ends. One write per line cost about 30 % of small-GET throughput. Lines of one
// thread stay in order, among them the ones log() writes at once (it first writes the thread's
// pending lines). On a thread without a LogBatch, log_batched() writes at once like log().
// Thread safety: every function may be called from any thread; a LogBatch belongs to the thread
// that created it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace s3sandbox::core {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

void set_log_level(LogLevel level);
LogLevel log_level();
std::optional<LogLevel> parse_log_level(std::string_view name);
bool log_enabled(LogLevel level);
void log(LogLevel level, std::string_view message);
// Like log(), buffered when the calling thread holds a LogBatch.
void log_batched(LogLevel level, std::string_view message);

inline void log_error(std::string_view m) { log(LogLevel::kError, m); }
inline void log_warn(std::string_view m) { log(LogLevel::kWarn, m); }
inline void log_info(std::string_view m) { log(LogLevel::kInfo, m); }
inline void log_debug(std::string_view m) { log(LogLevel::kDebug, m); }

// A buffer this many bytes long is written at once.
inline constexpr std::size_t kBatchFlushBytes = 32 * 1024;

// While it lives, log_batched() lines of the creating thread collect in its buffer. Not nestable:
// a thread holds at most one (a second one is inert).
class LogBatch {
 public:
  LogBatch();
  ~LogBatch();  // writes what is pending
  LogBatch(const LogBatch&) = delete;
  LogBatch& operator=(const LogBatch&) = delete;

  // Writes the pending lines, if any (one write; nothing when empty). Call from the owning thread.
  void flush();
  bool pending() const { return !buffer_.empty(); }

 private:
  friend void log_batched(LogLevel, std::string_view);
  friend void log(LogLevel, std::string_view);
  std::string buffer_;
  bool active_ = false;  // false for an inert (nested) batch
};

}  // namespace s3sandbox::core
