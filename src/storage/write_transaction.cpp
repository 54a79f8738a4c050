#include "write_transaction.hpp"

#include <utility>

#include "s3sandbox/core/log.hpp"

namespace s3sandbox::storage {

core::Result<void> WriteGate::open(const std::filesystem::path& file, bool durable) {
  std::lock_guard lock(mutex_);
  auto c = db::Connection::open(file, durable, db::Connection::Access::kReadWrite);
  if (!c) return c.error();
  connection_ = std::move(*c);
  return {};
}

core::Result<WriteTransaction> WriteTransaction::begin(WriteGate& gate) {
  std::unique_lock lock(gate.mutex_);
  if (gate.connection_ == nullptr) {
    core::log_error("storage: a write transaction began before the index was opened");
    return core::S3Error(core::ErrorCode::kInternalError);
  }
  // Cached: sqlite3_exec would compile the statement on every write.
  auto s = gate.connection_->prepare("BEGIN IMMEDIATE");
  if (!s) return s.error();
  if (auto r = (*s)->run(); !r) return r.error();
  return WriteTransaction(gate, std::move(lock));
}

WriteTransaction::WriteTransaction(WriteTransaction&& o) noexcept
    : gate_(o.gate_), lock_(std::move(o.lock_)), open_(std::exchange(o.open_, false)) {}

WriteTransaction::~WriteTransaction() {
  if (open_) rollback();
}  // lock_ releases the gate after the transaction has ended

core::Result<void> WriteTransaction::commit() {
  if (!std::exchange(open_, false)) {
    core::log_error("storage: commit of a write transaction that is not open");
    return core::S3Error(core::ErrorCode::kInternalError);
  }
  core::Result<void> r = db::commit_on(*gate_->connection_);
  gate_->generation_.fetch_add(1, std::memory_order_release);
  return r;
}

void WriteTransaction::rollback() {
  if (std::exchange(open_, false)) db::rollback_on(*gate_->connection_);
}

core::Result<GateLease> GateLease::acquire(WriteGate& gate) {
  std::unique_lock lock(gate.mutex_);
  if (gate.connection_ == nullptr) {
    core::log_error("storage: the write gate was leased before the index was opened");
    return core::S3Error(core::ErrorCode::kInternalError);
  }
  gate.connection_->settle();
  return GateLease(gate, std::move(lock));
}

GateLease::GateLease(GateLease&& o) noexcept : gate_(o.gate_), lock_(std::move(o.lock_)) {}

GateLease::~GateLease() {
  if (lock_.owns_lock()) gate_->generation_.fetch_add(1, std::memory_order_release);
}

}  // namespace s3sandbox::storage
