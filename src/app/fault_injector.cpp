// FaultInjector (app/faults.hpp): the rules in force, which request each one catches, and their
// limits (times, probability from a seeded generator, expiry).
#include <random>

#include "s3sandbox/app/faults.hpp"

namespace s3sandbox::app {
namespace {

bool matches(const FaultMatch& m, const FaultRequest& r) {
  if (!m.operation.empty() && m.operation != r.operation) return false;
  if (!m.method.empty() && m.method != r.method) return false;
  if (!m.bucket.empty() && m.bucket != r.bucket) return false;
  if (!m.key_glob.empty() && !glob_match(m.key_glob, r.key)) return false;
  if (m.part && m.part != r.part) return false;
  if (!m.auth.empty() && m.auth != r.auth) return false;
  if (!m.access_key.empty() && m.access_key != r.access_key) return false;
  return true;
}

// A draw in [0, 1) from the generator's next 53 bits: the same numbers for the same seed on
// every platform (std::uniform_real_distribution is not specified that exactly).
double draw(std::mt19937_64& random) { return static_cast<double>(random() >> 11) * 0x1.0p-53; }

}  // namespace

bool glob_match(std::string_view glob, std::string_view text, bool question_mark_wild) {
  // Iterative wildcard matching with one backtrack point (the last '*'): linear in practice.
  std::size_t g = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (g < glob.size() && ((question_mark_wild && glob[g] == '?') || glob[g] == text[t]) &&
        glob[g] != '*') {
      ++g;
      ++t;
    } else if (g < glob.size() && glob[g] == '*') {
      star = g++;
      resume = t;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

FaultInjector::FaultInjector(Now now) : now_(std::move(now)) {}

FaultRuleState FaultInjector::add(FaultRule rule) {
  if (rule.limits.probability < 1.0 && !rule.limits.seed) {
    // Reported in the listing, so that a run that found something can be repeated.
    rule.limits.seed = std::random_device{}();
  }
  if (rule.limits.expires_after) {
    rule.limits.expires = now_() + *rule.limits.expires_after;
    rule.limits.expires_after.reset();
  }
  std::lock_guard lock(mu_);
  Entry entry{FaultRuleState{next_id_++, std::move(rule), 0, std::nullopt, true},
              std::mt19937_64(0)};
  entry.state.remaining = entry.state.rule.limits.times;
  if (entry.state.rule.limits.seed) entry.random.seed(*entry.state.rule.limits.seed);
  rules_.push_back(std::move(entry));
  armed_.fetch_add(1, std::memory_order_relaxed);
  return rules_.back().state;
}

std::vector<FaultRuleState> FaultInjector::list() const {
  const core::TimePoint now = now_();
  std::lock_guard lock(mu_);
  std::vector<FaultRuleState> out;
  out.reserve(rules_.size());
  for (const Entry& e : rules_) {
    out.push_back(e.state);
    const auto& expires = e.state.rule.limits.expires;
    if (expires && now >= *expires) out.back().active = false;
  }
  return out;
}

void FaultInjector::deactivate(Entry& entry) {
  if (!entry.state.active) return;
  entry.state.active = false;
  armed_.fetch_sub(1, std::memory_order_relaxed);
}

bool FaultInjector::remove(std::uint64_t id) {
  std::lock_guard lock(mu_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (it->state.id != id) continue;
    deactivate(*it);
    rules_.erase(it);
    return true;
  }
  return false;
}

std::size_t FaultInjector::clear() {
  std::lock_guard lock(mu_);
  const std::size_t n = rules_.size();
  rules_.clear();
  armed_.store(0, std::memory_order_relaxed);
  return n;
}

std::optional<AppliedFault> FaultInjector::match_armed(const FaultRequest& request) {
  const core::TimePoint now = now_();
  std::lock_guard lock(mu_);
  for (Entry& e : rules_) {
    FaultRuleState& s = e.state;
    if (!s.active) continue;
    if (s.rule.limits.expires && now >= *s.rule.limits.expires) {
      deactivate(e);
      continue;
    }
    if (!matches(s.rule.match, request)) continue;
    // Drawn for every matching request, hit or not, so the sequence depends only on the seed
    // and the order of the requests.
    if (s.rule.limits.probability < 1.0 && draw(e.random) >= s.rule.limits.probability) continue;
    ++s.hits;
    if (s.remaining && --*s.remaining == 0) deactivate(e);
    return AppliedFault{s.id, s.rule.action, "#" + std::to_string(s.id) + " " + s.rule.spec()};
  }
  return std::nullopt;
}

}  // namespace s3sandbox::app
