#include "s3sandbox/control/journal.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <thread>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {
namespace {

// Assigns at most `cap` bytes (the slot's string keeps its capacity: no allocation per request
// once the ring has turned over).
void assign_capped(std::string& out, std::string_view text, std::size_t cap) {
  out.assign(text.substr(0, cap));
}

void fill(JournalEntry& e, const app::ExchangeRecord& record, std::uint64_t id) {
  const core::RequestView& r = record.request;
  const app::ExchangeFacts& f = record.facts;
  const core::Completion& done = record.done;
  e.id = id;
  e.time = f.time;
  assign_capped(e.method, r.method, Journal::kMaxShort);
  assign_capped(e.host, r.header("Host").value_or(""), Journal::kMaxShort);
  if (!record.redacted_target.empty()) {
    assign_capped(e.path, record.redacted_target, Journal::kMaxText);
  } else {
    e.path.clear();
    app::append_redacted_target(e.path, r);
    if (e.path.size() > Journal::kMaxText) e.path.resize(Journal::kMaxText);
  }
  e.operation.assign(f.operation);
  assign_capped(e.bucket, f.bucket, Journal::kMaxShort);
  assign_capped(e.key, f.key, Journal::kMaxShort);
  assign_capped(e.version_id, f.version_id, Journal::kMaxShort);
  e.part_number = f.part_number;
  e.status = done.status;
  e.error_code.assign(f.error_code);
  assign_capped(e.diagnosis, f.diagnosis, Journal::kMaxText);
  e.auth_kind.assign(f.auth_kind);
  assign_capped(e.access_key, f.access_key, Journal::kMaxShort);
  assign_capped(e.signed_headers, f.signed_headers, Journal::kMaxShort);
  e.verdict.assign(f.verdict);
  assign_capped(e.canonical_request, f.canonical_request, Journal::kMaxText);
  assign_capped(e.string_to_sign, f.string_to_sign, Journal::kMaxText);
  e.expires = f.expires;
  e.seconds_left.reset();
  if (f.expires) {
    e.seconds_left = std::chrono::duration_cast<std::chrono::seconds>(*f.expires - f.time).count();
  }
  assign_capped(e.checksums_promised, f.checksums_promised, Journal::kMaxShort);
  if (record.promises_verified) {
    e.checksums_verified.assign(e.checksums_promised);
  } else {
    e.checksums_verified.clear();
  }
  assign_capped(e.cors_origin, r.header("Origin").value_or(""), Journal::kMaxShort);
  e.cors_preflight.assign(f.cors_preflight);
  assign_capped(e.cors_rule, f.cors_rule, Journal::kMaxShort);
  e.bytes_in = done.bytes_in;
  e.bytes_out = done.bytes_out;
  e.duration_ms = done.millis;
  assign_capped(e.fault, f.fault, Journal::kMaxShort);
  assign_capped(e.user_agent, r.header("User-Agent").value_or(""), Journal::kMaxShort);
  e.tls = r.scheme == "https";
}

boost::json::value text_or_null(const std::string& text) {
  if (text.empty()) return nullptr;
  return boost::json::value(text);
}

boost::json::array split_list(std::string_view list, char separator) {
  boost::json::array out;
  while (!list.empty()) {
    const auto at = list.find(separator);
    if (at != 0) out.emplace_back(list.substr(0, at));
    if (at == std::string_view::npos) break;
    list.remove_prefix(at + 1);
  }
  return out;
}

}  // namespace

bool JournalFilter::matches(const JournalEntry& e) const {
  if (since && e.id <= *since) return false;
  if (bucket && e.bucket != *bucket) return false;
  if (key_prefix && !e.key.starts_with(*key_prefix)) return false;
  if (operation && !core::iequals(e.operation, *operation)) return false;
  if (auth && e.auth_kind != *auth) return false;
  if (status) {
    if (status_class ? e.status / 100 != *status / 100 : e.status != *status) return false;
  }
  return true;
}

struct Journal::Slot {
  std::mutex mu;
  JournalEntry entry;  // id 0: never written
};

Journal::Journal(std::size_t capacity)
    : capacity_(capacity), slots_(std::make_unique<std::atomic<Slot*>[]>(capacity)) {
  for (std::size_t i = 0; i < capacity; ++i) slots_[i].store(nullptr, std::memory_order_relaxed);
}

Journal::~Journal() {
  if (file_ != nullptr) std::fclose(file_);
  for (std::size_t i = 0; i < capacity_; ++i) delete slots_[i].load(std::memory_order_acquire);
}

Journal::Slot& Journal::slot_to_write(std::size_t index) {
  Slot* slot = slots_[index].load(std::memory_order_acquire);
  if (slot != nullptr) return *slot;
  auto fresh = std::make_unique<Slot>();
  if (slots_[index].compare_exchange_strong(slot, fresh.get(), std::memory_order_acq_rel,
                                            std::memory_order_acquire)) {
    return *fresh.release();
  }
  return *slot;  // another worker made it first
}

Journal::Slot* Journal::slot_if_any(std::size_t index) const {
  return slots_[index].load(std::memory_order_acquire);
}

bool Journal::open_file(const std::string& path, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) {
    error = "cannot open the journal file " + path + " for appending: " + std::strerror(errno);
    return false;
  }
  std::lock_guard lock(file_mu_);
  if (file_ != nullptr) std::fclose(file_);
  file_ = f;
  return true;
}

void Journal::on_exchange(const app::ExchangeRecord& record) {
  if (capacity_ == 0) return;
  const std::uint64_t id = next_id_.fetch_add(1, std::memory_order_acq_rel);
  Slot& slot = slot_to_write((id - 1) % capacity_);
  std::vector<std::shared_ptr<Waiter>> matched;
  std::string line;
  {
    std::lock_guard lock(slot.mu);
    if (slot.entry.id > id) return;  // a full turn of the ring overtook this one
    fill(slot.entry, record, id);
    if (waiter_count_.load(std::memory_order_acquire) > 0) {
      std::lock_guard waiters(waiters_mu_);
      for (const auto& w : waiters_) {
        if (w->filter.matches(slot.entry)) matched.push_back(w);
      }
    }
    if (file_ != nullptr) {
      line = boost::json::serialize(to_json(slot.entry));
      line += '\n';
    }
  }
  if (!line.empty()) {
    std::lock_guard lock(file_mu_);
    // Flushed per entry: a CI job that kills the sandbox still has every line.
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }
  if (!matched.empty()) notify(matched);
}

void Journal::notify(const std::vector<std::shared_ptr<Waiter>>& matched) {
  for (const auto& w : matched) {
    if (w->on_match()) remove_waiter(w);
  }
}

JournalPage Journal::query(const JournalFilter& filter) const {
  JournalPage page;
  const std::size_t n = capacity_;
  const std::uint64_t end = next_id_.load(std::memory_order_acquire);  // ids below are taken
  std::uint64_t first = end > n ? end - n : 1;
  first = std::max(
      {first, cleared_below_.load(std::memory_order_acquire), filter.since.value_or(0) + 1});
  std::uint64_t horizon = first - 1;  // every id up to it is published (or lost to the ring)
  // Matching ids first (no copy), then the entries wanted: the newest `limit` of 10,000 are
  // copied without copying the others.
  const bool newest = !filter.since;
  std::vector<std::uint64_t> ids;
  for (std::uint64_t id = first; id < end; ++id) {
    Slot* made = slot_if_any((id - 1) % n);
    if (made == nullptr) break;  // taken but not yet written: stop here, see it next time
    Slot& slot = *made;
    std::lock_guard lock(slot.mu);
    if (slot.entry.id < id) break;  // taken but not yet written: stop here, see it next time
    horizon = id;
    if (slot.entry.id > id) continue;  // overwritten by a newer turn of the ring
    if (!filter.matches(slot.entry)) continue;
    ids.push_back(id);
    if (!newest && ids.size() >= filter.limit) {
      horizon = id;  // the page is full: the next one starts after it
      break;
    }
  }
  const std::size_t skip = ids.size() > filter.limit ? ids.size() - filter.limit : 0;
  page.entries.reserve(ids.size() - skip);
  for (std::size_t i = skip; i < ids.size(); ++i) {
    Slot& slot = *slot_if_any((ids[i] - 1) % n);  // made: the first loop found it written
    std::lock_guard lock(slot.mu);
    if (slot.entry.id == ids[i]) page.entries.push_back(slot.entry);  // else lost to the ring
  }
  page.next_since = std::max(horizon, filter.since.value_or(0));
  return page;
}

JournalPage Journal::wait_for(const JournalFilter& filter, std::chrono::milliseconds timeout) {
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    bool hit = false;
  };
  auto state = std::make_shared<State>();
  auto waiter = std::make_shared<Waiter>(Waiter{filter,
                                                [state] {
                                                  std::lock_guard lock(state->mu);
                                                  state->hit = true;
                                                  state->cv.notify_all();
                                                  return false;
                                                },
                                                [] { return false; }});
  add_waiter(waiter);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  JournalPage page;
  for (;;) {
    page = query(filter);
    if (!page.entries.empty()) break;
    std::unique_lock lock(state->mu);
    // At most 50 ms between looks: an entry recorded while an older one was still being written
    // is visible only once that one is.
    const auto until =
        std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
    state->cv.wait_until(lock, until, [&] { return state->hit; });
    state->hit = false;
    if (std::chrono::steady_clock::now() >= deadline) {
      lock.unlock();
      page = query(filter);
      break;
    }
  }
  remove_waiter(waiter);
  return page;
}

void Journal::clear() {
  cleared_below_.store(next_id_.load(std::memory_order_acquire), std::memory_order_release);
}

void Journal::add_waiter(std::shared_ptr<Waiter> waiter) {
  std::lock_guard lock(waiters_mu_);
  // Waiters whose client left are dropped here, so they never pile up.
  std::erase_if(waiters_, [](const auto& w) { return w->done(); });
  waiters_.push_back(std::move(waiter));
  waiter_count_.store(waiters_.size(), std::memory_order_release);
}

void Journal::remove_waiter(const std::shared_ptr<Waiter>& waiter) {
  std::lock_guard lock(waiters_mu_);
  std::erase(waiters_, waiter);
  waiter_count_.store(waiters_.size(), std::memory_order_release);
}

boost::json::object to_json(const JournalEntry& e) {
  boost::json::object auth{
      {"kind", text_or_null(e.auth_kind)},
      {"access_key", text_or_null(e.access_key)},
      {"signed_headers", split_list(e.signed_headers, ';')},
      {"expires", e.expires ? boost::json::value(core::format_iso8601(*e.expires)) : nullptr},
      {"seconds_left", e.seconds_left ? boost::json::value(*e.seconds_left) : nullptr},
      {"verdict", text_or_null(e.verdict)},
      {"canonical_request", text_or_null(e.canonical_request)},
      {"string_to_sign", text_or_null(e.string_to_sign)},
  };
  boost::json::value cors = nullptr;
  if (!e.cors_origin.empty() || !e.cors_preflight.empty()) {
    cors = boost::json::object{{"origin", text_or_null(e.cors_origin)},
                               {"preflight", text_or_null(e.cors_preflight)},
                               {"rule", text_or_null(e.cors_rule)}};
  }
  return boost::json::object{
      {"id", e.id},
      {"time", core::format_iso8601(e.time)},
      {"method", e.method},
      {"host", e.host},
      {"path", e.path},
      {"operation", text_or_null(e.operation)},
      {"bucket", text_or_null(e.bucket)},
      {"key", text_or_null(e.key)},
      {"version_id", text_or_null(e.version_id)},
      {"part_number", e.part_number ? boost::json::value(*e.part_number) : nullptr},
      {"status", e.status},
      {"error_code", text_or_null(e.error_code)},
      {"diagnosis", text_or_null(e.diagnosis)},
      {"auth", std::move(auth)},
      {"integrity", boost::json::object{{"promised", split_list(e.checksums_promised, ',')},
                                        {"verified", split_list(e.checksums_verified, ',')}}},
      {"cors", std::move(cors)},
      {"bytes_in", e.bytes_in},
      {"bytes_out", e.bytes_out},
      {"duration_ms", e.duration_ms},
      {"fault", text_or_null(e.fault)},
      {"user_agent", text_or_null(e.user_agent)},
      {"tls", e.tls},
  };
}

}  // namespace s3sandbox::control
