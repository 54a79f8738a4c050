// When a request says it was made: x-amz-date (preferred, as S3 does) or Date. Accepts the
// SigV4 basic form (20130524T000000Z) and HTTP dates, including the "+0000"/"-0000"/"UTC"
// zone spellings some clients (botocore among them) put in Date.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/request.hpp"

namespace s3sandbox::auth {

std::optional<core::TimePoint> parse_any_date(std::string_view text);

struct RequestTime {
  core::TimePoint when;
  std::string raw;        // the header value as sent
  bool from_amz = false;  // x-amz-date rather than Date
};
// nullopt when neither header is present and valid.
std::optional<RequestTime> request_time(const core::RequestView& request);

}  // namespace s3sandbox::auth
