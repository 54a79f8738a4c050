// ConnectionRegistry: the live connections of one server, so that stop() can close the idle ones
// at once and the busy ones after the grace period, and so the connection limit can be enforced.
// It holds weak references only: a connection's lifetime belongs to its coroutine.
// Entries are keyed by a number the registry hands out, never by the connection's address: a
// connection is released (its coroutine frame destroyed) before its entry is removed, so keying
// by address relied on the memory outliving the entry, which only make_shared's combined
// allocation under the registry's weak reference happened to give; a connection freed at its
// last strong reference would let a new one at the same address go unregistered.
// Thread safety: all members are safe to call from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace s3sandbox::http {

// What the server may ask of a connection from another thread; implementations post the work to
// the connection's executor.
class ConnectionControl {
 public:
  virtual ~ConnectionControl() = default;
  // Closes the socket if the connection waits for a request header (or lingers after a close).
  virtual void close_if_idle() = 0;
  // Closes the socket whatever the connection is doing.
  virtual void close_now() = 0;
};

class ConnectionRegistry {
 public:
  using Ticket = std::uint64_t;

  // Registers `c` unless `limit` connections are already live; the ticket removes it.
  std::optional<Ticket> try_add(const std::shared_ptr<ConnectionControl>& c, std::size_t limit);
  void remove(Ticket ticket);
  std::size_t size() const;
  void for_each(const std::function<void(ConnectionControl&)>& fn) const;
  // Waits until no connection is live or `timeout` passed; true when empty.
  bool wait_empty_for(std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable empty_cv_;
  Ticket next_ = 0;
  std::unordered_map<Ticket, std::weak_ptr<ConnectionControl>> live_;
};

}  // namespace s3sandbox::http
