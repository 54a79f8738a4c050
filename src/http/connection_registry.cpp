#include "http/connection_registry.hpp"

#include <vector>

namespace s3sandbox::http {

std::optional<ConnectionRegistry::Ticket> ConnectionRegistry::try_add(
    const std::shared_ptr<ConnectionControl>& c, std::size_t limit) {
  std::lock_guard lock(mu_);
  if (live_.size() >= limit) return std::nullopt;
  const Ticket ticket = next_++;
  live_.emplace(ticket, c);
  return ticket;
}

void ConnectionRegistry::remove(Ticket ticket) {
  std::lock_guard lock(mu_);
  live_.erase(ticket);
  if (live_.empty()) empty_cv_.notify_all();
}

std::size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

void ConnectionRegistry::for_each(const std::function<void(ConnectionControl&)>& fn) const {
  // Call outside the lock: a callback may end up removing its connection.
  std::vector<std::shared_ptr<ConnectionControl>> alive;
  {
    std::lock_guard lock(mu_);
    alive.reserve(live_.size());
    for (const auto& [key, weak] : live_) {
      if (auto strong = weak.lock()) alive.push_back(std::move(strong));
    }
  }
  for (const auto& c : alive) fn(*c);
}

bool ConnectionRegistry::wait_empty_for(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return empty_cv_.wait_for(lock, timeout, [this] { return live_.empty(); });
}

}  // namespace s3sandbox::http
