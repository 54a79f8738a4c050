// The request journal's endpoints (control/journal.hpp):
//   GET    /_sandbox/requests   filters: bucket, key (a prefix), operation, status (403 or 4xx),
//                               auth (sigv4-presigned, ...), since=<id>, limit (default 1000),
//                               wait=<seconds> (at most 60: when nothing matches yet, answer as
//                               soon as a matching entry arrives, else with nothing at the end)
//          -> {"requests": [entry...], "next_since": id}
//             Without since: the newest `limit` entries; with it: the oldest `limit` after it.
//             Pass next_since as since to see each entry once.
//   DELETE /_sandbox/requests   clears the journal -> {"cleared": true}
// An entry's JSON: control::to_json (journal.hpp); the README shows one.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "s3sandbox/control/journal.hpp"
#include "s3sandbox/control/routes.hpp"

namespace s3sandbox::control {

inline constexpr std::chrono::seconds kMaxJournalWait{60};

// The filter and wait a request asks for, or the 400 to answer.
struct JournalQuery {
  JournalFilter filter;
  std::chrono::milliseconds wait{0};
};
std::variant<JournalQuery, core::Response> parse_journal_query(const ControlRequest& request);

void add_journal_routes(ControlRoutes& routes, Journal& journal);

}  // namespace s3sandbox::control
