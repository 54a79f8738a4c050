// The refusals the auth module returns, built in one place so that every path renders S3's
// code, message and fields identically (field names and formats as S3 returns them:
// ServerTime "2018-03-29T11:27:42Z", RequestTime as the client sent it, X-Amz-Date of a
// not-yet-valid URL in epoch milliseconds). Diagnoses are attached by the callers.
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/auth/presigned_facts.hpp"  // describe_duration
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/error.hpp"

namespace s3sandbox::auth {

// "2013-05-24T00:00:00Z" (ISO 8601 without fractional seconds).
std::string iso_seconds(core::TimePoint t);

core::S3Error invalid_access_key(std::string_view access_key);
core::S3Error access_denied(std::string_view message = {});
core::S3Error headers_not_signed(const std::vector<std::string>& names);
core::S3Error request_expired(std::optional<std::int64_t> x_amz_expires, core::TimePoint expires_at,
                              core::TimePoint now);
core::S3Error request_not_yet_valid(core::TimePoint signed_at, core::TimePoint expires_at,
                                    core::TimePoint now);
core::S3Error request_time_too_skewed(std::string_view request_time, core::TimePoint now,
                                      std::chrono::seconds max_skew);
// When the refusal is about time (RequestTimeTooSkewed, an expired or not yet valid URL) and
// the sandbox clock was moved `moved` away from the real time (core::Clock::moved_by), says so
// in its diagnosis: clients sign with the real time, so the moved clock is the likely cause,
// and names the undo (PUT /_sandbox/clock?offset=0). Nothing for other refusals or an unmoved
// clock.
void note_moved_clock(core::S3Error& e, std::chrono::seconds moved);

core::S3Error sigv4_mismatch(std::string_view access_key, std::string_view string_to_sign,
                             std::string_view signature_provided,
                             std::string_view canonical_request);
core::S3Error sigv2_mismatch(std::string_view access_key, std::string_view string_to_sign,
                             std::string_view signature_provided);

}  // namespace s3sandbox::auth
