// The request journal: the last N S3 exchanges, in memory, for a test to ask "what did the
// browser send, and why was it refused?" (GET /_sandbox/requests, Server::requests()).
// Optionally also appended to a JSON Lines file, an artifact a CI job keeps.
//
// Each entry holds what the application learned (app/exchange_record.hpp): the operation, the
// authentication and its verdict, the error code and diagnosis, the checksums, CORS, bytes and
// duration. Never a body, a secret, a signature or a security token; long texts are capped
// (kMaxText) so that memory stays bounded by N.
//
// Cost per request (the journal is on by default): a ring of N slots, each with its own lock; an
// entry takes the next id from one atomic counter and is copied into its slot, whose strings
// keep their capacity (no allocation once the ring has turned over). No lock is shared by all
// workers. Ids grow by one per exchange from 1 and are never reused, not even by clear().
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "s3sandbox/app/exchange_record.hpp"
#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::control {

inline constexpr std::size_t kDefaultJournalSize = 10'000;

struct JournalEntry {
  std::uint64_t id = 0;
  core::TimePoint time;            // the sandbox clock when the request arrived
  std::string method, host, path;  // path: the target as received, signatures REDACTED
  std::string operation, bucket, key, version_id;
  std::optional<std::int64_t> part_number;
  int status = 0;  // 0: no response was sent (the client went away)
  std::string error_code, diagnosis;
  std::string auth_kind, access_key, signed_headers, verdict;
  std::string canonical_request, string_to_sign;  // a refused signature's (tokens redacted)
  std::optional<core::TimePoint> expires;
  std::optional<std::int64_t> seconds_left;  // at the request's time; negative when expired
  std::string checksums_promised, checksums_verified;  // ','-separated
  std::string cors_origin, cors_preflight, cors_rule;
  std::uint64_t bytes_in = 0, bytes_out = 0;
  double duration_ms = 0;
  std::string fault;  // "" when none
  std::string user_agent;
  bool tls = false;  // came over HTTPS (the --tls listener)
};

struct JournalFilter {
  std::optional<std::string> bucket;      // exactly
  std::optional<std::string> key_prefix;  // keys starting with it
  std::optional<std::string> operation;   // "PutObject" (case-insensitive)
  std::optional<int> status;              // exactly, or a class: 400 with status_class
  bool status_class = false;              // status=4xx: 400..499
  std::optional<std::string> auth;        // "sigv4-presigned", ...
  // Ids above this one only, oldest first; absent: the newest `limit`.
  std::optional<std::uint64_t> since;
  std::size_t limit = 1000;

  bool matches(const JournalEntry& e) const;
};

// What a query found: the entries (ascending id) and the id to pass as `since` next time, so
// that a poller sees each entry once: the last entry returned when `limit` cut the answer
// short, otherwise the newest id the journal had published.
struct JournalPage {
  std::vector<JournalEntry> entries;
  std::uint64_t next_since = 0;
};

class Journal final : public app::ExchangeObserver {
 public:
  static constexpr std::size_t kMaxText = 4096;   // a path or a diagnosis
  static constexpr std::size_t kMaxShort = 1024;  // other texts (a key is at most 1024 in S3)

  explicit Journal(std::size_t capacity = kDefaultJournalSize);
  ~Journal() override;

  // Appends every entry to `path` as JSON Lines (one write per entry). False, with `error`
  // set, when the file cannot be opened. Call before the server starts.
  bool open_file(const std::string& path, std::string& error);

  void on_exchange(const app::ExchangeRecord& record) override;

  // Without `since`: the newest `limit` matching entries; with it, the oldest `limit` after it.
  JournalPage query(const JournalFilter& filter) const;
  // Blocks the caller until a matching entry is in the journal or `timeout` passes (then empty).
  JournalPage wait_for(const JournalFilter& filter, std::chrono::milliseconds timeout);
  void clear();
  std::size_t capacity() const { return capacity_; }

  // Waiting without blocking (the long-poll): `on_match` is called, from the recording thread
  // and outside the journal's locks, after an entry matching `filter` is recorded; it returns
  // true when the waiter is done (removed). `done` says whether it no longer waits (a client
  // that left), so that it can be dropped early. Remove with remove_waiter().
  struct Waiter {
    JournalFilter filter;
    std::function<bool()> on_match;
    std::function<bool()> done;
  };
  void add_waiter(std::shared_ptr<Waiter> waiter);
  void remove_waiter(const std::shared_ptr<Waiter>& waiter);

 private:
  struct Slot;
  void notify(const std::vector<std::shared_ptr<Waiter>>& matched);

  // The ring's slots, each made on first use: memory grows with the requests seen, not with
  // --journal-size (10,000 empty entries were 10 MiB at start).
  std::size_t capacity_ = 0;
  std::unique_ptr<std::atomic<Slot*>[]> slots_;
  Slot& slot_to_write(std::size_t index);
  Slot* slot_if_any(std::size_t index) const;
  std::atomic<std::uint64_t> next_id_{1};
  std::atomic<std::uint64_t> cleared_below_{1};  // ids below are cleared
  std::atomic<std::size_t> waiter_count_{0};
  mutable std::mutex waiters_mu_;
  std::vector<std::shared_ptr<Waiter>> waiters_;
  std::mutex file_mu_;
  std::FILE* file_ = nullptr;
};

// The entry as the control API and the JSON Lines file show it.
boost::json::object to_json(const JournalEntry& entry);

}  // namespace s3sandbox::control
