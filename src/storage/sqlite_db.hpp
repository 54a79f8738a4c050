// A thin RAII layer over the SQLite C API for the storage module: Connection (with a cache of
// prepared statements), Statement (bind / step / read columns), ReadTransaction (one snapshot)
// and ConnectionPool (read-only connections handed out one user at a time). There is no write
// transaction here: writes go through the one writable connection of storage::WriteGate, only
// inside a storage::WriteTransaction (write_transaction.hpp).
//
// Errors: every failing SQLite call is logged with SQLite's message and becomes InternalError;
// nothing about files or SQL reaches the client. Keys are bound as BLOBs so that SQLite's
// comparison is memcmp, i.e. S3's bytewise order.
//
// Thread safety: a Connection and its Statements belong to one thread at a time (the pool's lease
// enforces that); ConnectionPool itself is thread safe.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::storage::db {

// Logs `what` with SQLite's message and returns InternalError.
core::S3Error sqlite_failure(sqlite3* handle, std::string_view what);

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& bind_text(int i, std::string_view s);
  Statement& bind_blob(int i, std::string_view s);
  Statement& bind_int(int i, std::int64_t v);
  Statement& bind_null(int i);

  // true: a row is available; false: done.
  core::Result<bool> step();
  // Runs a statement that returns no rows.
  core::Result<void> run();

  // Columns are 0-based. NULL reads as "" / 0.
  std::string text(int col) const;
  std::int64_t integer(int col) const;
  bool is_null(int col) const;

  // Unbinds and rewinds; called by Connection::prepare before each reuse.
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  enum class Access {
    kReadOnly,   // PRAGMA query_only: any statement that would change the database fails
    kReadWrite,  // creates the file if needed; WriteGate's connection only
  };
  // Opens the database and applies the per-connection pragmas.
  // `durable`: sync the WAL at checkpoints (synchronous=NORMAL); false (--no-fsync) never syncs.
  static core::Result<std::unique_ptr<Connection>> open(const std::filesystem::path& file,
                                                        bool durable, Access access);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  core::Result<void> exec(const char* sql);
  // A cached, reset statement for `sql` (the cache is keyed by its text).
  // Do not hold two results of the same sql at once.
  core::Result<Statement*> prepare(const char* sql);
  sqlite3* handle() const { return db_; }
  // Rewinds every statement still positioned on a row: an unfinished statement would keep its
  // read snapshot open (stale reads on this connection, WAL checkpoints held back).
  void settle();

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// BEGIN (deferred) ... COMMIT around several reads, so that they see one snapshot; ended in the
// destructor if not committed. Writes are WriteTransaction's (write_transaction.hpp).
class ReadTransaction {
 public:
  static core::Result<ReadTransaction> begin(Connection& c);
  ReadTransaction(ReadTransaction&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ~ReadTransaction();
  core::Result<void> commit();

 private:
  explicit ReadTransaction(Connection* c) : c_(c) {}
  Connection* c_;
};

// The statements that end a transaction on `c`, shared by ReadTransaction and WriteTransaction.
// Both rewind the connection's statements first (Connection::settle). A failed COMMIT is
// followed by a ROLLBACK, so the connection is never left inside a transaction.
core::Result<void> commit_on(Connection& c);
void rollback_on(Connection& c);

// Hands out read-only connections (Connection::Access::kReadOnly): a write through one fails.
class ConnectionPool {
 public:
  explicit ConnectionPool(std::filesystem::path file, bool durable = true)
      : file_(std::move(file)), durable_(durable) {}

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (c_) pool_->give_back(std::move(c_));
    }
    Connection& operator*() const { return *c_; }
    Connection* operator->() const { return c_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> c_;
  };

  // An idle connection, or a new one when all are in use.
  core::Result<Lease> acquire();

 private:
  void give_back(std::unique_ptr<Connection> c);

  static constexpr std::size_t kMaxIdle = 32;
  std::filesystem::path file_;
  bool durable_ = true;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace s3sandbox::storage::db
