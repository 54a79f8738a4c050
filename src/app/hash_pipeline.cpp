#include "hash_pipeline.hpp"

#include <algorithm>
#include <cstring>
#include <system_error>

namespace s3sandbox::app {

HashPipeline::HashPipeline(Consumer consumer, Options options)
    : options_{std::max<std::size_t>(options.buffer_size, 1),
               std::max<std::size_t>(options.buffers, 1)},
      consumer_(std::move(consumer)),
      // Not value-initialised: zeroing a megabyte per upload would be wasted work.
      memory_(new char[options_.buffer_size * options_.buffers]),
      lengths_(options_.buffers, 0) {
  worker_ = std::thread([this] { run(); });
}

HashPipeline::~HashPipeline() {
  if (!worker_.joinable()) return;
  abandon();
  worker_.join();
}

void HashPipeline::abandon() {
  {
    std::lock_guard lock(mu_);
    abandoned_ = true;
  }
  work_.notify_one();
  room_.notify_one();
}

void HashPipeline::rethrow_if_failed() {
  if (error_) std::rethrow_exception(error_);
}

bool HashPipeline::wait_for_free_buffer() {
  std::unique_lock lock(mu_);
  room_.wait(lock, [&] { return abandoned_ || handed_ - consumed_ < options_.buffers; });
  rethrow_if_failed();
  return !abandoned_;
}

void HashPipeline::hand_over() {
  {
    std::lock_guard lock(mu_);
    lengths_[handed_ % options_.buffers] = filled_;
    ++handed_;
    peak_ = std::max<std::size_t>(peak_, handed_ - consumed_);
  }
  work_.notify_one();
  filled_ = 0;
}

void HashPipeline::feed(std::span<const char> bytes) {
  while (!bytes.empty()) {
    // Abandoned: the worker is gone or going and will free no buffer; the bytes are dropped.
    if (filled_ == 0 && !wait_for_free_buffer()) return;
    // handed_ is written only by this thread: reading it unlocked is race-free.
    char* buffer = memory_.get() + (handed_ % options_.buffers) * options_.buffer_size;
    std::size_t n = std::min(bytes.size(), options_.buffer_size - filled_);
    std::memcpy(buffer + filled_, bytes.data(), n);
    filled_ += n;
    bytes = bytes.subspan(n);
    if (filled_ == options_.buffer_size) hand_over();
  }
}

void HashPipeline::finish() {
  if (finished_) return;
  finished_ = true;
  if (filled_ > 0) hand_over();
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  work_.notify_one();
  worker_.join();
  rethrow_if_failed();  // the worker is gone: no lock needed
}

std::size_t HashPipeline::peak_in_flight() const {
  std::lock_guard lock(mu_);
  return peak_;
}

std::size_t HashPipeline::in_flight() const {
  std::lock_guard lock(mu_);
  return handed_ - consumed_;
}

void HashPipeline::run() noexcept {
  for (;;) {
    std::span<const char> piece;
    bool failed = false;
    {
      std::unique_lock lock(mu_);
      work_.wait(lock, [&] { return abandoned_ || closing_ || consumed_ < handed_; });
      if (abandoned_ || consumed_ == handed_) return;  // abandoned, or closing and drained
      std::size_t slot = consumed_ % options_.buffers;
      piece = {memory_.get() + slot * options_.buffer_size, lengths_[slot]};
      failed = error_ != nullptr;
    }
    std::exception_ptr error;
    if (!failed) {
      try {
        consumer_(piece);
      } catch (...) {
        error = std::current_exception();
      }
    }
    {
      std::lock_guard lock(mu_);
      if (error) error_ = error;
      ++consumed_;
    }
    room_.notify_one();
  }
}

PayloadDigest::PayloadDigest(crypto::DigestKind kind, std::uint64_t announced_size, Offload offload)
    : digest_(kind) {
  if (announced_size < offload.threshold) return;
  try {
    pipeline_ = std::make_unique<HashPipeline>(
        [this](std::span<const char> bytes) { digest_.update(bytes); }, offload.buffers);
  } catch (const std::system_error&) {
    // No thread to be had (a resource limit): hash inline, as for a small payload.
  }
}

void PayloadDigest::update(std::span<const char> bytes) {
  if (pipeline_) {
    pipeline_->feed(bytes);
  } else {
    digest_.update(bytes);
  }
}

std::string PayloadDigest::finish() {
  if (pipeline_) pipeline_->finish();
  return digest_.finish();
}

}  // namespace s3sandbox::app
