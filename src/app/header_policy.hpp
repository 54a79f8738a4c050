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

}  // namespace s3sandbox::app
