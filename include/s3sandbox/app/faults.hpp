// Fault injection: rules that make chosen requests fail or misbehave, so a test can check that
// the application under test survives S3's bad days (a 503 SlowDown, a 500 on one part of a
// multipart upload, a download reset mid-body, a slow network).
//
// A rule has three parts, written as "key=value" pairs separated by commas (the --fault syntax;
// the JSON API takes the same keys):
//   match   operation=UploadPart (a name of the operations table), method=PUT, bucket=media,
//           key=uploads/*.jpg (a glob: * any run of characters, ? one), part=2,
//           auth=sigv4-presigned (sigv4-header, sigv2-header, sigv2-presigned, post-policy,
//           anonymous), access-key=AKIA...           (every key given must match)
//   action  error=SlowDown [status=503] [message=...] [when=before-body|after-body]
//           delay=2s | 250ms          wait before answering
//           throttle=64KiB/s          the body, at most this fast
//           reset-after=1MiB          TCP reset after this many body bytes
//           truncate=100              the response body stops after 100 bytes (connection closed)
//           direction=request|response|both   which body throttle and reset-after act on
//                                     (default both); delay and throttle combine with the rest
//   limits  times=N, probability=0.5 with seed=7 (reproducible), expires=+10m or an ISO 8601
//           instant (wall-clock time, not the sandbox clock, so moving that clock keeps rules)
//
// A faulted request stores nothing: an error before the body answers without reading it, an
// error after the body discards what was staged, a reset mid-upload abandons the upload.
//
// Thread safety: FaultInjector is safe to use from any thread. match() is on every request's
// path: with no rule that can still fire it costs one relaxed atomic load.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/error.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::app {

// Which body an action acts on.
enum class FaultDirection : std::uint8_t { kRequest = 1, kResponse = 2, kBoth = 3 };

struct FaultMatch {
  std::string operation;  // the operations table's spelling; "" matches any
  std::string method;     // upper case
  std::string bucket;
  std::string key_glob;
  std::optional<std::uint32_t> part;
  std::string auth;  // one of kFaultAuthKinds
  std::string access_key;
};

struct FaultAction {
  std::optional<core::ErrorCode> error;
  int status = 0;           // 0: the error code's own status
  std::string message;      // "": the error code's own message
  bool after_body = false;  // when=after-body: the body is read (and discarded) first
  std::chrono::milliseconds delay{0};
  std::uint64_t throttle = 0;  // bytes per second; 0: none
  std::optional<std::uint64_t> reset_after;
  std::optional<std::uint64_t> truncate;
  FaultDirection direction = FaultDirection::kBoth;
};

struct FaultLimits {
  std::optional<std::uint64_t> times;
  double probability = 1.0;
  std::optional<std::uint64_t> seed;       // set with probability; chosen at random when not given
  std::optional<core::TimePoint> expires;  // an absolute instant, or
  std::optional<std::chrono::seconds> expires_after;  // relative to when the rule is added
};

struct FaultRule {
  FaultMatch match;
  FaultAction action;
  FaultLimits limits;

  // The rule as "key=value" pairs in a fixed order, the values as the syntax writes them.
  std::vector<std::pair<std::string, std::string>> fields() const;
  // fields() joined: "operation=UploadPart,part=2,times=1,error=InternalError".
  std::string spec() const;
};

// The auth kinds a rule may name, as the journal names them.
inline constexpr std::string_view kFaultAuthKinds[] = {"sigv4-header", "sigv4-presigned",
                                                       "sigv2-header", "sigv2-presigned",
                                                       "post-policy",  "anonymous"};

// The auth kind of an authenticated request from the authenticator's scheme ("sigv4-query" is
// "sigv4-presigned", "sigv2-query" "sigv2-presigned"; the others are the same).
std::string_view fault_auth_kind(std::string_view scheme);

// Parses the --fault syntax. Errors are InvalidArgument with a message in plain words naming the
// key at fault and what it wants. A value may be double-quoted to hold commas ("a,b").
core::Result<FaultRule> parse_fault_rule(std::string_view text);
// The same from (key, value) pairs (the JSON API's members, values as text).
core::Result<FaultRule> parse_fault_fields(
    const std::vector<std::pair<std::string, std::string>>& fields);

// What one request matched on.
struct FaultRequest {
  std::string_view operation;
  std::string_view method;
  std::string_view bucket;
  std::string_view key;
  std::optional<std::uint32_t> part;
  std::string_view auth;  // fault_auth_kind()
  std::string_view access_key;
};

// '*' matches any run of characters, '?' one character (a literal '?' when `question_mark_wild`
// is false: CORS patterns have '*' only).
bool glob_match(std::string_view glob, std::string_view text, bool question_mark_wild = true);

// The fault one request gets.
struct AppliedFault {
  std::uint64_t rule_id = 0;
  FaultAction action;
  // "#3 operation=UploadPart,part=2,times=1,error=InternalError": the x-s3sandbox-fault header,
  // the access log, the journal.
  std::string description;
};

// A rule as listed: its id, the rule, and how it has been used.
struct FaultRuleState {
  std::uint64_t id = 0;
  FaultRule rule;          // with the seed it draws from and the absolute expiry, once added
  std::uint64_t hits = 0;  // requests it was applied to
  std::optional<std::uint64_t> remaining;  // of `times`; nullopt: unlimited
  bool active = true;                      // false once used up or expired
};

class FaultInjector {
 public:
  using Now = std::function<core::TimePoint()>;
  // `now` tells expiry (the wall clock unless a test gives another).
  explicit FaultInjector(Now now = [] { return std::chrono::system_clock::now(); });

  FaultRuleState add(FaultRule rule);
  std::vector<FaultRuleState> list() const;
  bool remove(std::uint64_t id);
  std::size_t clear();

  // Whether any rule can still fire: one relaxed load, for the request path to skip even
  // building a FaultRequest.
  bool armed() const { return armed_.load(std::memory_order_relaxed) != 0; }

  // The fault for this request: the first active rule that matches it and whose probability
  // draw succeeds. Counts the hit and the use of `times`.
  std::optional<AppliedFault> match(const FaultRequest& request) {
    if (!armed()) return std::nullopt;
    return match_armed(request);
  }

 private:
  struct Entry {
    FaultRuleState state;
    std::mt19937_64 random;
  };
  std::optional<AppliedFault> match_armed(const FaultRequest& request);
  void deactivate(Entry& entry);  // under mu_

  Now now_;
  mutable std::mutex mu_;
  std::vector<Entry> rules_;
  std::uint64_t next_id_ = 1;
  std::atomic<std::size_t> armed_{0};  // active rules; 0 keeps match() to one load
};

}  // namespace s3sandbox::app
