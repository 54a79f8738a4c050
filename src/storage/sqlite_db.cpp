#include "sqlite_db.hpp"

#include <mutex>

#include "layout.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::storage::db {
namespace {

// How long a connection waits for another process's lock before giving up (SQLITE_BUSY).
// Writers in this process are already serialized by the WriteGate (write_transaction.hpp).
constexpr int kBusyTimeoutMs = 10000;

// Process-wide SQLite settings, applied once before the first connection opens (sqlite3_config
// must precede sqlite3_initialize; if something else in the process initialized SQLite first, the
// call fails with SQLITE_MISUSE and the defaults stay: slower, still correct).
// MEMSTATUS off: with it on (Debian's default), every sqlite3_malloc/free takes SQLite's global
// memory mutex to keep usage statistics nobody reads here; the worker threads contended on it.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

core::S3Error sqlite_failure(sqlite3* handle, std::string_view what) {
  std::string line = "storage: sqlite ";
  line += what;
  line += ": ";
  line += handle != nullptr ? sqlite3_errmsg(handle) : "no connection";
  core::log_error(line);
  core::S3Error e(core::ErrorCode::kInternalError);
  if (handle != nullptr && sqlite3_errcode(handle) == SQLITE_FULL)
    e.diagnosis = std::string(kVolumeFullDiagnosis);
  return e;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind_text(int i, std::string_view s) {
  sqlite3_bind_text64(stmt_, i, s.data() != nullptr ? s.data() : "", s.size(), SQLITE_TRANSIENT,
                      SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_blob(int i, std::string_view s) {
  // A null pointer would bind NULL rather than an empty blob.
  sqlite3_bind_blob64(stmt_, i, s.data() != nullptr ? s.data() : "", s.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_int(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

core::Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_failure(db_, "step");
}

core::Result<void> Statement::run() {
  auto r = step();
  if (!r) return r.error();
  return {};
}

std::string Statement::text(int col) const {
  // sqlite3_column_blob returns the bytes of TEXT and BLOB values alike, without conversion.
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  if (p == nullptr || n <= 0) return {};
  return std::string(static_cast<const char*>(p), static_cast<std::size_t>(n));
}

std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

core::Result<std::unique_ptr<Connection>> Connection::open(const std::filesystem::path& file,
                                                           bool durable, Access access) {
  configure_sqlite_once();
  sqlite3* handle = nullptr;
  // NOMUTEX (SQLite's multi-thread mode for this connection, what SQLITE_CONFIG_MULTITHREAD sets
  // for all): no per-connection mutex. Safe because a Connection is only reachable through a
  // ConnectionPool::Lease, which one thread holds for one synchronous storage call; the pool's
  // mutex orders one holder's use before the next, and no Statement or handle outlives its lease.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(file.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    core::S3Error e = sqlite_failure(handle, "open");
    sqlite3_close(handle);
    return e;
  }
  std::unique_ptr<Connection> c(new Connection(handle));
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  // WAL lets readers proceed while one writer commits; NORMAL syncs at checkpoints only, which
  // in WAL mode never corrupts the database (a power loss may drop the last commits). Without
  // fsync (--no-fsync, for throwaway CI data) SQLite does not sync either. The synchronous
  // setting comes first so that creating the database already honours it.
  const char* pragmas = durable ? "PRAGMA synchronous=NORMAL; PRAGMA journal_mode=WAL;"
                                : "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;";
  if (auto r = c->exec(pragmas); !r) {
    return r.error();
  }
  // Last: journal_mode may have to write the header of a new file. Read-only connections make
  // "every write holds the WriteGate" a fact SQLite enforces, not a convention.
  if (access == Access::kReadOnly) {
    if (auto r = c->exec("PRAGMA query_only=ON;"); !r) return r.error();
  }
  return c;
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close(db_);
}

core::Result<void> Connection::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string what = std::string("exec \"") + sql + "\"";
    sqlite3_free(message);
    return sqlite_failure(db_, what);
  }
  return {};
}

void Connection::settle() {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db_, nullptr); s != nullptr;
       s = sqlite3_next_stmt(db_, s)) {
    if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
  }
}

core::Result<Statement*> Connection::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return sqlite_failure(db_, std::string("prepare \"") + sql + "\"");
  }
  auto [pos, inserted] = cache_.emplace(sql, std::make_unique<Statement>(db_, stmt));
  return pos->second.get();
}

// BEGIN and COMMIT run as cached statements: sqlite3_exec would compile them every time.
core::Result<void> commit_on(Connection& c) {
  c.settle();
  auto s = c.prepare("COMMIT");
  core::Result<void> r = s ? (*s)->run() : core::Result<void>(s.error());
  if (!r) (void)c.exec("ROLLBACK");
  return r;
}

void rollback_on(Connection& c) {
  c.settle();
  (void)c.exec("ROLLBACK");
}

core::Result<ReadTransaction> ReadTransaction::begin(Connection& c) {
  auto s = c.prepare("BEGIN");
  if (!s) return s.error();
  if (auto r = (*s)->run(); !r) return r.error();
  return ReadTransaction(&c);
}

ReadTransaction::~ReadTransaction() {
  if (c_ != nullptr) rollback_on(*c_);
}

core::Result<void> ReadTransaction::commit() { return commit_on(*std::exchange(c_, nullptr)); }

core::Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
  }
  auto c = Connection::open(file_, durable_, Connection::Access::kReadOnly);
  if (!c) return c.error();
  return Lease(this, std::move(*c));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> c) {
  c->settle();
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(c));
}

}  // namespace s3sandbox::storage::db
