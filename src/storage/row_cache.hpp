// Caches of SqliteBackend validated by write generations: KnownBuckets (below) and
// ObjectRowCache: recently read `objects` rows, so that a GET or HEAD of a key that has not been
// written since it was last read skips SQLite (under load, SQLite's WAL read-lock bookkeeping per
// transaction, a process-wide mutex plus two fcntl calls, was a fifth of a 4 KiB GET: perf in
// bench/RESULTS.md).
//
// Correctness rests on one invariant of SqliteBackend, made structural by WriteTransaction
// (write_transaction.hpp): every write is a WriteTransaction, whose commit() advances the gate's
// write generation after the COMMIT and before the write is acknowledged. An entry records the
// generation read *before* its SQLite read, and is only served while the generation is still
// that value, i.e. while no write has completed since. Any write therefore invalidates every
// entry (coarse, but trivially right: a read can never return a row older than a write that
// returned to its client). Reads racing a write may serve the pre-write row, which is fine: the
// write has not been acknowledged yet.
//
// Bounded: a fixed number of shards, each holding at most kShardCapacity rows (a full shard is
// emptied) and at most kShardBodyBudget bytes of small-object bodies (rows beyond it are kept
// without their body): 4 MiB of bodies in all, so that a hot small object is served from memory
// without letting the cache grow with the data. Thread safety: all members are thread safe (a mutex
// per shard).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "object_row.hpp"

namespace s3sandbox::storage {

// Buckets seen to exist, trusted until a bucket is deleted: stage()'s early check. The
// generation is read before SQLite is, as for ObjectRowCache; changed() (after a deletion's
// commit) makes everything remembered before it stale.
class KnownBuckets {
 public:
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  bool contains(const std::string& bucket, std::uint64_t generation);
  void remember(const std::string& bucket, std::uint64_t generation);
  void changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  static constexpr std::size_t kCapacity = 1024;

 private:
  std::atomic<std::uint64_t> generation_{0};
  std::mutex mutex_;
  std::unordered_set<std::string> names_;
  std::uint64_t names_generation_ = 0;  // the generation names_ were seen at
};

class ObjectRowCache {
 public:
  // The row of (bucket, key) cached at `generation`, if any.
  std::optional<ObjectRow> find(const std::string& bucket, const std::string& key,
                                std::uint64_t generation);
  // Remembers `row`, read from SQLite after `generation` was observed.
  void remember(const ObjectRow& row, std::uint64_t generation);
  // Forgets (bucket, key): its cached data file turned out to be gone.
  void forget(const std::string& bucket, const std::string& key);
  // The bytes of bodies held, over all shards (tests).
  std::size_t cached_body_bytes();

  static constexpr std::size_t kShards = 16;
  static constexpr std::size_t kShardCapacity = 1024;
  static constexpr std::size_t kShardBodyBudget = 256 * 1024;

 private:
  struct Entry {
    std::shared_ptr<const ObjectRow> row;
    std::uint64_t generation = 0;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> rows;  // by cache_key(bucket, key)
    std::size_t body_bytes = 0;                   // of the rows' bodies
  };
  static std::size_t body_bytes(const Entry& e);

  static std::string cache_key(const std::string& bucket, const std::string& key);
  Shard& shard_for(const std::string& cache_key);

  std::array<Shard, kShards> shards_;
};

}  // namespace s3sandbox::storage
