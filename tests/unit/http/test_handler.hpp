// A scriptable RequestHandler for the server tests, and a BodyConsumer that records what the
// server fed it (sizes, a running hash, end and destruction) into a shared record the test keeps
// after the consumer is gone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::http::testing {

// FNV-1a, 64 bits: enough to compare a streamed body with what was sent.
inline std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 14695981039346656037ull) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

struct BodyRecord {
  std::mutex mu;
  std::condition_variable cv;
  std::uint64_t bytes = 0;
  std::uint64_t hash = fnv1a("");
  std::size_t pieces = 0;
  std::size_t largest_piece = 0;
  std::string data;  // kept only while small
  bool ended = false;
  bool destroyed = false;

  // Waits (bounded) until the consumer is destroyed; false if it never is.
  bool wait_destroyed() {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [this] { return destroyed; });
  }
};

class RecordingConsumer : public core::BodyConsumer {
 public:
  explicit RecordingConsumer(
      std::shared_ptr<BodyRecord> record,
      std::function<std::optional<core::Response>(BodyRecord&)> on_piece = nullptr)
      : record_(std::move(record)), on_piece_(std::move(on_piece)) {}
  ~RecordingConsumer() override {
    std::lock_guard lock(record_->mu);
    record_->destroyed = true;
    record_->cv.notify_all();
  }
  std::optional<core::Response> on_body(std::span<const char> bytes) override {
    std::lock_guard lock(record_->mu);
    const std::string_view piece(bytes.data(), bytes.size());
    record_->bytes += piece.size();
    record_->hash = fnv1a(piece, record_->hash);
    record_->pieces += 1;
    record_->largest_piece = std::max(record_->largest_piece, piece.size());
    if (record_->data.size() < 1024 * 1024) record_->data.append(piece);
    return on_piece_ ? on_piece_(*record_) : std::nullopt;
  }
  core::Response on_end() override {
    std::lock_guard lock(record_->mu);
    record_->ended = true;
    core::Response r;
    r.status = 200;
    r.body = "got " + std::to_string(record_->bytes);
    return r;
  }

 private:
  std::shared_ptr<BodyRecord> record_;
  std::function<std::optional<core::Response>(BodyRecord&)> on_piece_;
};

class TestHandler : public core::RequestHandler {
 public:
  std::function<core::StartResult(const core::RequestView&)> on_start;

  core::StartResult start(const core::RequestView& request) override {
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
    }
    return on_start(request);
  }
  void on_complete(const core::RequestView&, const core::Completion& done) override {
    std::lock_guard lock(mu_);
    completions_.push_back(done);
    cv_.notify_all();
  }

  // Waits (bounded) for `n` completions and returns them.
  std::vector<core::Completion> wait_completions(std::size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return completions_.size() >= n; });
    return completions_;
  }
  std::vector<core::RequestView> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<core::RequestView> requests_;
  std::vector<core::Completion> completions_;
};

inline core::Response text(int status, std::string body) {
  core::Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.push_back({"Content-Type", "text/plain"});
  return r;
}

}  // namespace s3sandbox::http::testing
