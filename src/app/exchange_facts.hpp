// Filling ExchangeFacts (s3sandbox/app/exchange_record.hpp) from the routed request: the
// operation's names and numbers, the authentication as the client presented it (kind, access
// key, signed headers, expiry: read from the request, so that a refusal is described too), and
// the checksums it promised. Thread safety: pure functions.
#pragma once

#include "s3sandbox/app/exchange_record.hpp"
#include "s3sandbox/core/error.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::app {

void describe_operation(ExchangeFacts& facts, const router::Operation& op);
void describe_auth(ExchangeFacts& facts, const router::Operation& op,
                   const core::RequestView& request);
void describe_promises(ExchangeFacts& facts, const router::Operation& op,
                       const core::RequestView& request);
// A refused signature's CanonicalRequest and StringToSign (S3's error fields, as the server
// computed them from what arrived), with any security token's value replaced by REDACTED.
void describe_signature_mismatch(ExchangeFacts& facts, const core::S3Error& error);

}  // namespace s3sandbox::app
