// The query parameters the listing operations share (ListObjects v1/v2, ListObjectVersions,
// ListMultipartUploads), validated as S3 validates them, with S3's errors.
#pragma once

#include <string>
#include <string_view>

#include "exchange_state.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::app {

// The parameter's value, or `fallback` when the request does not name it.
std::string query_param_or(const ExchangeState& x, std::string_view name,
                           std::string fallback = {});

// max-keys: 1000 when absent, capped at 1000 as S3 does; not a non-negative integer is 400
// InvalidArgument.
core::Result<int> list_max_keys(const ExchangeState& x);

// encoding-type: "" when absent, "url" when asked; anything else is 400 InvalidArgument.
core::Result<std::string> list_encoding_type(const ExchangeState& x);

}  // namespace s3sandbox::app
