// HashPipeline and PayloadDigest: the digest of a payload hashed on a worker thread equals the
// one-thread digest whatever the piece sizes, memory stays within the fixed buffers, and an
// abandoned or failing pipeline joins cleanly.
#include "app/hash_pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::app {
namespace {

using crypto::DigestKind;

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  std::uint32_t x = 12345;
  for (char& c : s) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

std::string digest_of(DigestKind kind, std::string_view s) {
  crypto::Digest d(kind);
  d.update(s);
  return d.finish();
}

// Feeds `body` in pieces of `piece` bytes (the last one shorter).
void feed_in_pieces(PayloadDigest& d, std::string_view body, std::size_t piece) {
  for (std::size_t at = 0; at < body.size(); at += piece) {
    std::string_view part = body.substr(at, piece);
    d.update(std::span<const char>(part.data(), part.size()));
  }
}

// A consumer that holds the worker on its first piece until released.
class Gate {
 public:
  void enter() {
    std::unique_lock lock(mu_);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
  }
  void wait_entered() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return entered_; });
  }
  void open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool open_ = false;
};

constexpr PayloadDigest::Offload kSmallBuffers{1024, {100, 3}};

TEST(PayloadDigestTest, BelowThresholdHashesInline) {
  std::string body = pattern(1023);
  PayloadDigest d(DigestKind::kMd5, body.size(), kSmallBuffers);
  EXPECT_FALSE(d.offloaded());
  feed_in_pieces(d, body, 77);
  EXPECT_EQ(d.finish(), digest_of(DigestKind::kMd5, body));
}

TEST(PayloadDigestTest, AtThresholdHashesOnWorker) {
  std::string body = pattern(1024);
  PayloadDigest d(DigestKind::kMd5, body.size(), kSmallBuffers);
  EXPECT_TRUE(d.offloaded());
  feed_in_pieces(d, body, 1024);
  EXPECT_EQ(d.finish(), digest_of(DigestKind::kMd5, body));
}

TEST(PayloadDigestTest, DefaultThresholdIsOneMebibyte) {
  EXPECT_FALSE(PayloadDigest(DigestKind::kMd5, 1024 * 1024 - 1).offloaded());
  EXPECT_TRUE(PayloadDigest(DigestKind::kMd5, 1024 * 1024).offloaded());
}

// Pieces smaller than, equal to, larger than and straddling the 100-byte buffers.
TEST(PayloadDigestTest, WorkerDigestEqualsInlineDigestAtOddPieceSizes) {
  std::string body = pattern(10007);
  for (std::size_t piece : {1u, 7u, 99u, 100u, 101u, 299u, 300u, 4096u, 10007u}) {
    PayloadDigest d(DigestKind::kMd5, body.size(), kSmallBuffers);
    ASSERT_TRUE(d.offloaded());
    feed_in_pieces(d, body, piece);
    EXPECT_EQ(d.finish(), digest_of(DigestKind::kMd5, body)) << "piece " << piece;
  }
}

TEST(PayloadDigestTest, LargeBodyWithDefaultBuffersMatchesSha256) {
  std::string body = pattern(3 * 1024 * 1024 + 17);
  PayloadDigest d(DigestKind::kSha256, body.size());
  ASSERT_TRUE(d.offloaded());
  feed_in_pieces(d, body, 65536 + 3);
  EXPECT_EQ(d.finish(), digest_of(DigestKind::kSha256, body));
}

TEST(PayloadDigestTest, EmptyPayloadAnnouncedLargeHasTheMd5OfNothing) {
  PayloadDigest d(DigestKind::kMd5, 5000, kSmallBuffers);
  EXPECT_EQ(d.finish(), digest_of(DigestKind::kMd5, ""));
}

// The process's thread count, from /proc/self/status.
int thread_count() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

TEST(PayloadDigestTest, AbandonedUnfinishedJoinsItsThreadOnDestruction) {
  std::string body = pattern(5000);
  // A sanitizer runtime starts a helper thread of its own with the process's first thread:
  // start and join one first, so that the count below sees only the pipeline's.
  std::thread([] {}).join();
  const int before = thread_count();
  ASSERT_GT(before, 0);
  {
    PayloadDigest d(DigestKind::kMd5, 1 << 30, kSmallBuffers);
    ASSERT_TRUE(d.offloaded());
    EXPECT_EQ(thread_count(), before + 1);
    feed_in_pieces(d, body, 333);
  }  // no finish(): the destructor must stop and join the worker
  EXPECT_EQ(thread_count(), before);
}

TEST(HashPipelineTest, ConsumerSeesEveryByteInOrder) {
  std::string body = pattern(1000);
  std::string seen;
  HashPipeline p([&](std::span<const char> b) { seen.append(b.data(), b.size()); }, {64, 2});
  for (std::size_t at = 0; at < body.size(); at += 37)
    p.feed(std::span<const char>(body.data() + at, std::min<std::size_t>(37, body.size() - at)));
  p.finish();
  EXPECT_EQ(seen, body);
}

TEST(HashPipelineTest, BlocksWhenEveryBufferIsInFlight) {
  Gate gate;
  std::atomic<std::size_t> consumed{0};
  HashPipeline p(
      [&](std::span<const char> b) {
        if (consumed == 0) gate.enter();
        consumed += b.size();
      },
      {10, 3});
  std::string body = pattern(100);  // ten buffers' worth through three buffers
  std::atomic<bool> fed{false};
  std::thread producer([&] {
    p.feed(std::span<const char>(body.data(), body.size()));
    fed = true;
  });
  gate.wait_entered();
  while (p.in_flight() < 3) std::this_thread::yield();
  // Three buffers hold 30 of the 100 bytes: the producer cannot have finished feeding.
  EXPECT_FALSE(fed);
  EXPECT_EQ(consumed, 0u);
  gate.open();
  producer.join();
  p.finish();
  EXPECT_EQ(consumed, body.size());
  EXPECT_EQ(p.buffer_count(), 3u);
  EXPECT_LE(p.peak_in_flight(), 3u);
}

TEST(HashPipelineTest, AbandonStopsAfterTheCurrentPiece) {
  Gate gate;
  std::atomic<int> pieces{0};
  auto p = std::make_unique<HashPipeline>(
      [&](std::span<const char>) {
        ++pieces;
        if (pieces == 1) gate.enter();
      },
      HashPipeline::Options{10, 4});
  std::string body = pattern(40);  // four full buffers, all handed over
  p->feed(std::span<const char>(body.data(), body.size()));
  gate.wait_entered();
  p->abandon();
  gate.open();
  p.reset();  // joins
  EXPECT_EQ(pieces, 1);
}

TEST(HashPipelineTest, FeedAfterAbandonDropsBytesInsteadOfHanging) {
  Gate gate;
  std::atomic<int> pieces{0};
  HashPipeline p(
      [&](std::span<const char>) {
        ++pieces;
        if (pieces == 1) gate.enter();
      },
      {10, 2});
  std::string body = pattern(20);  // both buffers handed over
  p.feed(std::span<const char>(body.data(), body.size()));
  gate.wait_entered();
  p.abandon();
  gate.open();
  // No buffer will ever be freed for these: feed() must return, not wait.
  p.feed(std::span<const char>(body.data(), body.size()));
  EXPECT_LE(pieces, 2);
}

TEST(HashPipelineTest, ConsumerExceptionIsRethrownByFinish) {
  HashPipeline p([](std::span<const char>) { throw std::runtime_error("bug"); }, {10, 2});
  std::string body = pattern(5);
  p.feed(std::span<const char>(body.data(), body.size()));
  EXPECT_THROW(p.finish(), std::runtime_error);
}

TEST(HashPipelineTest, FeedAfterConsumerExceptionThrowsInsteadOfHanging) {
  HashPipeline p([](std::span<const char>) { throw std::runtime_error("bug"); }, {10, 2});
  std::string body = pattern(1000);  // far more than the buffers hold
  EXPECT_THROW(
      {
        for (int i = 0; i < 100; ++i) p.feed(std::span<const char>(body.data(), body.size()));
      },
      std::runtime_error);
}

}  // namespace
}  // namespace s3sandbox::app
