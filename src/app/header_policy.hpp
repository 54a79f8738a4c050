// No silent acceptance (issue #17, part 8): request headers that ask for something s3sandbox
// does not do are refused before the handler runs, with S3's own answer for them (501
// NotImplemented "A header you provided implies functionality that is not implemented", or the
// specific error S3 gives) and a diagnosis naming the header. Headers S3 simply accepts
// (x-amz-request-payer) pass; those that are features (encryption, website redirect) are read
// by their handlers.
#pragma once

#include "exchange_state.hpp"

namespace s3sandbox::app {

core::Result<void> refuse_unsupported_headers(ExchangeState& x);

// x-amz-object-lock-mode / -retain-until-date / -legal-hold in `headers` (a request's, or POST
// Object's form fields): 400 InvalidRequest "Bucket is missing ObjectLockConfiguration", as on
// every bucket without Object Lock (s3sandbox has no other kind).
core::Result<void> check_object_lock(const core::RequestView& headers, const std::string& bucket);

}  // namespace s3sandbox::app
