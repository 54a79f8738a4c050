// Authentication reads the query the router parsed (AuthContext::query), never the raw query
// again, and reads it as signed: by each parameter's signed_name and signed_value, which keep a
// literal '+' (a SigV2 Signature or X-Amz-Security-Token in base64 may carry one), where S3's
// reading for handlers turns it into a space. Names are case-sensitive (X-Amz-*, AWSAccessKeyId).
// Thread safety: pure functions.
#pragma once

#include <span>
#include <string_view>

#include "s3sandbox/core/query.hpp"

namespace s3sandbox::auth {

using QueryParams = std::span<const core::QueryParam>;

// First parameter whose signed_name is exactly `name`, or nullptr.
const core::QueryParam* find_param(QueryParams params, std::string_view name);

}  // namespace s3sandbox::auth
