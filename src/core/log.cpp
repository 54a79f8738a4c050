#include "s3sandbox/core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>
#include <string>

namespace s3sandbox::core {
namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
// Serializes writes to stderr, so lines of different threads never interleave mid-line.
std::mutex g_mutex;
constexpr const char* kNames[] = {"error", "warn", "info", "debug"};
// The calling thread's batch, if it holds one.
thread_local LogBatch* t_batch = nullptr;

void append_line(std::string& out, LogLevel level, std::string_view message) {
  out += '[';
  out += kNames[static_cast<int>(level)];
  out += "] ";
  out += message;
  out += '\n';
}

// The whole of `bytes` to stderr (retrying short writes and EINTR); the caller holds g_mutex.
// Written with write(2), not stdio: one system call per batch, nothing kept in a stdio buffer.
void write_locked(std::string_view bytes) {
  std::fflush(stderr);  // anything another part of the program left in stdio goes first
  while (!bytes.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr closed or full disk: logging must not stop the server
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel log_level() { return static_cast<LogLevel>(g_level.load()); }
bool log_enabled(LogLevel level) { return static_cast<int>(level) <= g_level.load(); }

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (int i = 0; i < 4; ++i) {
    if (name == kNames[i]) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

void log(LogLevel level, std::string_view message) {
  if (!log_enabled(level)) return;
  LogBatch* batch = t_batch;
  if (batch != nullptr && !batch->buffer_.empty()) {
    // After this thread's pending lines, in one write.
    append_line(batch->buffer_, level, message);
    batch->flush();
    return;
  }
  std::string line;
  line.reserve(message.size() + 16);
  append_line(line, level, message);
  std::lock_guard lock(g_mutex);
  write_locked(line);
}

void log_batched(LogLevel level, std::string_view message) {
  LogBatch* batch = t_batch;
  if (batch == nullptr) return log(level, message);
  if (!log_enabled(level)) return;
  append_line(batch->buffer_, level, message);
  if (batch->buffer_.size() >= kBatchFlushBytes) batch->flush();
}

LogBatch::LogBatch() {
  if (t_batch != nullptr) return;
  active_ = true;
  buffer_.reserve(kBatchFlushBytes + 1024);
  t_batch = this;
}

LogBatch::~LogBatch() {
  if (!active_) return;
  flush();
  t_batch = nullptr;
}

void LogBatch::flush() {
  if (buffer_.empty()) return;
  {
    std::lock_guard lock(g_mutex);
    write_locked(buffer_);
  }
  buffer_.clear();  // keeps the capacity
}

}  // namespace s3sandbox::core
