// What a presigned URL's query says about its signature, read without verifying anything: the
// version (SigV4 X-Amz-*, SigV2 AWSAccessKeyId/Signature/Expires), the credential scope, the
// signed headers, the signing time and the expiry. For explaining a URL (s3sandbox explain):
// facts are read even when S3 would refuse the parameters (an expiry over seven days, say), and
// `malformed` then holds S3's refusal of them, from the same parser the server verifies with.
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/error.hpp"
#include "s3sandbox/core/query.hpp"

namespace s3sandbox::auth {

enum class PresignVersion { kNone, kSigV4, kSigV2 };

struct PresignedFacts {
  PresignVersion version = PresignVersion::kNone;
  std::string algorithm;  // X-Amz-Algorithm as sent; "HmacSHA1" for SigV2
  std::string access_key;
  std::string scope_date, region, service;  // SigV4 credential scope ("" when unreadable)
  std::vector<std::string> signed_headers;  // SigV4 X-Amz-SignedHeaders, lower-case
  std::string amz_date;                     // X-Amz-Date as sent
  std::optional<core::TimePoint> signed_at;
  std::optional<std::int64_t> expires_seconds;  // SigV4 X-Amz-Expires
  std::optional<core::TimePoint> expires_at;    // signed_at + X-Amz-Expires, or SigV2 Expires
  std::optional<std::string> content_sha256;    // X-Amz-Content-Sha256
  bool security_token = false;                  // X-Amz-Security-Token (session credentials)
  // S3's refusal of the parameters themselves (missing, malformed, expiry over seven days).
  std::optional<core::S3Error> malformed;
};

PresignedFacts read_presigned(std::span<const core::QueryParam> query);

// SigV4 presigned URLs may be valid for at most seven days (X-Amz-Expires <= 604800).
inline constexpr std::chrono::seconds kMaxPresignedValidity{604800};

// "1 h 2 min 3 s": durations in diagnoses (defined with S3's error fields, auth_errors.cpp).
std::string describe_duration(std::chrono::seconds d);

}  // namespace s3sandbox::auth
