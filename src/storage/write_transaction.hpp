// WriteGate and WriteTransaction: the only way to change the index.
//
// The gate owns the index's one writable connection; the pool's connections are query_only
// (sqlite_db.hpp), so SQLite itself refuses a write made anywhere else. The writable connection
// is reachable only through a WriteTransaction, which holds the gate's mutex from before
// BEGIN IMMEDIATE until it is destroyed. Hence, by construction:
// - every write runs with the gate held (writers of this process queue on the mutex instead of
//   polling SQLite's busy handler; BEGIN IMMEDIATE and the busy timeout cover other processes);
// - a transaction ends explicitly, commit() or rollback(), or is rolled back by the destructor
//   (every early `return error` undoes what the transaction did);
// - commit() advances the gate's generation right after COMMIT, with the gate still held and
//   before the caller can acknowledge the write: the invariant the row cache (row_cache.hpp)
//   rests on. A rolled-back transaction changed nothing and leaves the generation alone. A
//   failed COMMIT advances it anyway: whatever SQLite did, no cached row is trusted across it.
//
// Usage, as for a pool lease:
//   auto tx = WriteTransaction::begin(gate);
//   if (!tx) return tx.error();
//   auto s = (*tx)->prepare("...");   // (*tx)-> and **tx are the writer connection
//   ...
//   return tx->commit();
// Thread safety: WriteGate is thread safe; a WriteTransaction belongs to the thread that began
// it (std::mutex must be unlocked by its locker).
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>

#include "s3sandbox/core/result.hpp"
#include "sqlite_db.hpp"

namespace s3sandbox::storage {

class WriteGate {
 public:
  // Opens the writable connection (creating the database file). Call once, before the first
  // transaction and before the pool's first (read-only) connection, so that this connection is
  // the one that creates the file and puts it in WAL mode.
  core::Result<void> open(const std::filesystem::path& file, bool durable);
  // The number of commits made (or attempted) so far: a row read at generation g is current
  // while generation() is still g.
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  friend class WriteTransaction;
  friend class GateLease;
  std::mutex mutex_;
  std::atomic<std::uint64_t> generation_{0};
  std::unique_ptr<db::Connection> connection_;  // used only with mutex_ held
};

class [[nodiscard]] WriteTransaction {
 public:
  // Waits for the gate, then BEGIN IMMEDIATE on the writer connection.
  static core::Result<WriteTransaction> begin(WriteGate& gate);
  WriteTransaction(WriteTransaction&& o) noexcept;
  WriteTransaction& operator=(WriteTransaction&&) = delete;
  // Rolls back unless committed or rolled back; then releases the gate.
  ~WriteTransaction();

  // The writer connection. Only between begin() and commit()/rollback().
  db::Connection& operator*() const { return *gate_->connection_; }
  db::Connection* operator->() const { return gate_->connection_.get(); }

  // COMMIT, then advances the generation. Call once; the gate stays held until destruction.
  core::Result<void> commit();
  // Discards the transaction's changes (what the destructor does when neither was called).
  void rollback();

 private:
  WriteTransaction(WriteGate& gate, std::unique_lock<std::mutex> lock)
      : gate_(&gate), lock_(std::move(lock)), open_(true) {}

  WriteGate* gate_;
  std::unique_lock<std::mutex> lock_;
  bool open_ = false;  // BEGIN done, neither COMMIT nor ROLLBACK yet
};

// The gate held with NO transaction open, for the whole-database operations SQLite runs
// outside a transaction: the online backup API (sqlite3_backup_*), which refuses a destination
// connection inside one, saves and restores snapshots. Holding the gate keeps every writer of
// this process out, so what the operation reads or replaces is one consistent state. The end
// of a lease advances the generation as a commit does: the database may have changed entirely.
class [[nodiscard]] GateLease {
 public:
  static core::Result<GateLease> acquire(WriteGate& gate);
  GateLease(GateLease&& o) noexcept;
  GateLease& operator=(GateLease&&) = delete;
  ~GateLease();

  db::Connection& operator*() const { return *gate_->connection_; }
  db::Connection* operator->() const { return gate_->connection_.get(); }

 private:
  GateLease(WriteGate& gate, std::unique_lock<std::mutex> lock)
      : gate_(&gate), lock_(std::move(lock)) {}

  WriteGate* gate_;
  std::unique_lock<std::mutex> lock_;
};

}  // namespace s3sandbox::storage
