// Conditional request evaluation for GET/HEAD (If-Match, If-None-Match, If-Modified-Since,
// If-Unmodified-Since) and CopyObject (x-amz-copy-source-if-*), with S3's precedence:
// If-Match wins over If-Unmodified-Since, If-None-Match wins over If-Modified-Since (RFC 7232
// section 6, as S3 documents for GetObject). Pure.
#pragma once

#include <optional>
#include <string_view>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/request.hpp"

namespace s3sandbox::app {

enum class ConditionOutcome { kProceed, kNotModified, kPreconditionFailed };

struct ConditionHeaders {
  std::optional<std::string_view> if_match = std::nullopt;
  std::optional<std::string_view> if_none_match = std::nullopt;
  std::optional<std::string_view> if_modified_since = std::nullopt;
  std::optional<std::string_view> if_unmodified_since = std::nullopt;
};

ConditionHeaders get_conditions(const core::RequestView& request);
ConditionHeaders copy_source_conditions(const core::RequestView& request);

// `etag` unquoted; `last_modified` is compared at one-second resolution as HTTP dates are.
ConditionOutcome evaluate_conditions(const ConditionHeaders& c, std::string_view etag,
                                     core::TimePoint last_modified);

// True when an If-Match / If-None-Match list ("a", "b" or *) contains the etag.
bool etag_list_matches(std::string_view list, std::string_view etag);

}  // namespace s3sandbox::app
