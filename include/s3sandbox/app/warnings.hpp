// What would fail on real S3 but was let through here: the sandbox's relaxations, collected so
// that a developer who never reads logs still learns "3 things would fail on real S3". Shown
// by GET /_sandbox/health and printed when the server stops (SIGINT/SIGTERM).
//
// Kinds: "auth-warn" (a check failed and --auth warn/off let the request through, one entry per
// S3 error code), "cors-permissive" (--cors permissive allowed a preflight S3 would refuse, one
// entry per origin and bucket), "sigv2" (a SigV2-signed request: deprecated, refused by newer
// Regions and newer buckets, one entry per form, header or presigned).
// Thread safety: note() and list() may be called from any thread (one mutex; note() runs only on
// the relaxed paths, never for a request that passes every check with SigV4).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::app {

struct Warning {
  std::string kind;     // see above
  std::string summary;  // one line: what real S3 would do and how to fix it
  std::uint64_t count = 0;
  core::TimePoint first_seen;
  core::TimePoint last_seen;
};

class WarningBook {
 public:
  // Distinct warnings kept; beyond, further new ones are only counted (dropped()).
  static constexpr std::size_t kMaxDistinct = 200;

  // Records one occurrence. `key` tells occurrences of one warning apart from another's (e.g. the
  // error code, or origin + bucket); the first occurrence's summary is kept.
  void note(std::string_view kind, std::string_view key, std::string_view summary,
            core::TimePoint now);
  std::vector<Warning> list() const;  // in order of first occurrence
  std::uint64_t dropped() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::size_t, std::less<>> index_;  // kind + '\n' + key -> entries_
  std::vector<Warning> entries_;
  std::uint64_t dropped_ = 0;
};

// The summary printed at shutdown: "" when there is nothing to say.
std::string format_warning_summary(const std::vector<Warning>& warnings, std::uint64_t dropped);

}  // namespace s3sandbox::app
