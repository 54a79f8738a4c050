// HashPipeline: runs a consumer (digest updates) over a byte stream on a thread of its own, so a
// connection thread can receive and store a large upload while another core hashes it (MD5 alone
// runs at about the speed of receive + store together; one thread doing both halves the rate).
//
// Contract: the caller's bytes are copied into a fixed set of buffers, so memory is bounded by
// the options (4 x 256 KiB by default), never by the stream's length; feed() blocks only while
// every buffer is handed over and not yet consumed. The consumer sees every byte, in order, in
// pieces of at most buffer_size. finish() waits for the last byte and joins the worker: after it
// the caller may read whatever the consumer updated (the join orders those writes before the
// reads). Destroying a pipeline without finish() abandons it: the worker stops after the piece
// it is on and the destructor joins it, so an abandoned upload neither leaks a thread nor waits
// for bytes it will never get.
// Exceptions: the consumer must not throw. If it does (a bug), the worker keeps the exception,
// stops calling the consumer but keeps releasing buffers (feed() never hangs), and feed() /
// finish() rethrow it on the caller's thread, where the connection turns it into InternalError
// and logs it: a bug never terminates the process from the worker.
// Thread safety: one caller thread calls feed(), finish(), abandon(); the consumer runs on the
// worker only.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::app {

class HashPipeline {
 public:
  struct Options {
    std::size_t buffer_size = 256 * 1024;
    std::size_t buffers = 4;
  };
  using Consumer = std::function<void(std::span<const char>)>;

  // Starts the worker; std::system_error when the system refuses a thread.
  explicit HashPipeline(Consumer consumer, Options options);
  ~HashPipeline();
  HashPipeline(const HashPipeline&) = delete;
  HashPipeline& operator=(const HashPipeline&) = delete;

  void feed(std::span<const char> bytes);
  // Hands over the last partial buffer, waits until the consumer has seen every byte and joins.
  // Call once.
  void finish();
  // Tells the worker to stop after the piece it is on, without waiting (the destructor joins).
  // Later feed() calls drop their bytes instead of waiting for a buffer that never frees.
  void abandon();

  // Observations for tests: the buffers allocated, and the most ever handed over at once.
  std::size_t buffer_count() const { return options_.buffers; }
  std::size_t peak_in_flight() const;
  std::size_t in_flight() const;

 private:
  void run() noexcept;
  // Waits for a buffer to fill; false when the pipeline was abandoned meanwhile.
  bool wait_for_free_buffer();
  void hand_over();
  void rethrow_if_failed();  // with mu_ held

  const Options options_;
  Consumer consumer_;
  std::unique_ptr<char[]> memory_;    // options_.buffers x options_.buffer_size
  std::vector<std::size_t> lengths_;  // bytes in each handed-over buffer

  // Buffer k % buffers holds the k-th piece. The caller fills buffer `handed_ % buffers` (it is
  // free while handed_ - consumed_ < buffers) and only the worker reads it once handed over.
  mutable std::mutex mu_;
  std::condition_variable work_;  // worker waits: a piece handed over, or closing / abandoned
  std::condition_variable room_;  // caller waits: a buffer consumed
  std::uint64_t handed_ = 0;      // written by the caller under mu_
  std::uint64_t consumed_ = 0;    // written by the worker under mu_
  std::size_t peak_ = 0;
  bool closing_ = false;    // finish(): drain, then exit
  bool abandoned_ = false;  // exit after the current piece
  std::exception_ptr error_;
  std::size_t filled_ = 0;  // bytes in the buffer the caller is filling (caller only)
  bool finished_ = false;   // caller only
  std::thread worker_;      // last: started once everything above exists
};

// A digest of a payload whose size is announced up front: updated inline for a small payload
// (no thread, no copy: a 4 KiB PUT costs what it always did) and on a HashPipeline worker for
// one of at least `threshold` bytes, where a thread's start (tens of microseconds) is nothing
// next to the hashing it takes off the connection thread. If no thread can be had, it hashes
// inline. Thread safety: one caller thread.
class PayloadDigest {
 public:
  struct Offload {
    std::uint64_t threshold = 1024 * 1024;
    HashPipeline::Options buffers;
  };

  PayloadDigest(crypto::DigestKind kind, std::uint64_t announced_size, Offload offload);
  PayloadDigest(crypto::DigestKind kind, std::uint64_t announced_size)
      : PayloadDigest(kind, announced_size, Offload{}) {}
  PayloadDigest(const PayloadDigest&) = delete;  // the worker refers to digest_
  PayloadDigest& operator=(const PayloadDigest&) = delete;

  void update(std::span<const char> bytes);
  // Raw digest bytes; joins the worker. Call once.
  std::string finish();
  bool offloaded() const { return pipeline_ != nullptr; }

 private:
  crypto::Digest digest_;
  // Declared after digest_, so destroyed (abandoned and joined) before it.
  std::unique_ptr<HashPipeline> pipeline_;
};

}  // namespace s3sandbox::app
