#include "s3sandbox/app/warnings.hpp"

namespace s3sandbox::app {

void WarningBook::note(std::string_view kind, std::string_view key, std::string_view summary,
                       core::TimePoint now) {
  std::string id;
  id.reserve(kind.size() + 1 + key.size());
  id.append(kind).append(1, '\n').append(key);
  const std::lock_guard lock(mu_);
  if (auto it = index_.find(id); it != index_.end()) {
    Warning& w = entries_[it->second];
    ++w.count;
    w.last_seen = now;
    return;
  }
  if (entries_.size() >= kMaxDistinct) {
    ++dropped_;
    return;
  }
  index_.emplace(std::move(id), entries_.size());
  entries_.push_back(Warning{std::string(kind), std::string(summary), 1, now, now});
}

std::vector<Warning> WarningBook::list() const {
  const std::lock_guard lock(mu_);
  return entries_;
}

std::uint64_t WarningBook::dropped() const {
  const std::lock_guard lock(mu_);
  return dropped_;
}

std::string format_warning_summary(const std::vector<Warning>& warnings, std::uint64_t dropped) {
  if (warnings.empty() && dropped == 0) return {};
  const std::size_t total = warnings.size() + dropped;
  std::string out = "s3sandbox: " + std::to_string(total) + (total == 1 ? " thing" : " things") +
                    " would fail on real S3 (let through by this sandbox):\n";
  for (const Warning& w : warnings) {
    out += "  - " + w.summary + " (" + std::to_string(w.count) +
           (w.count == 1 ? " request" : " requests") + ")\n";
  }
  if (dropped > 0) out += "  - and " + std::to_string(dropped) + " more\n";
  return out;
}

}  // namespace s3sandbox::app
