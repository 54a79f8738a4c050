// The lifecycle headers of object responses: x-amz-expiration on PUT, GET, HEAD, CopyObject and
// CompleteMultipartUpload of an object a rule covers, x-amz-abort-date / x-amz-abort-rule-id on
// CreateMultipartUpload and ListParts. A read of an object whose time has come expires it there
// and then (NoSuchKey), so that no read shows an expired object between evaluator runs.
// One cached settings read per request; nothing when the bucket has no rules.
#pragma once

#include <string>

#include "exchange_state.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

// After a write: adds x-amz-expiration when a rule covers `meta`, and tells the evaluator when
// the object falls due.
void add_expiration_after_write(const ExchangeState& x, const storage::ObjectMeta& meta,
                                core::Response& response);

// Before a read answers: NoSuchKey when a rule has expired the object (which is removed now);
// otherwise the x-amz-expiration value to send ("" when no rule covers it).
core::Result<std::string> expiration_on_read(const ExchangeState& x,
                                             const storage::ObjectMeta& meta);

// CreateMultipartUpload and ListParts: x-amz-abort-date and x-amz-abort-rule-id.
void add_abort_headers(const ExchangeState& x, const std::string& key, core::TimePoint initiated,
                       core::Response& response);

// Before a listing: runs the bucket's rules when something they cover is due.
void run_lifecycle_before_listing(const ExchangeState& x);

}  // namespace s3sandbox::app
