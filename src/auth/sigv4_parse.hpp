// Parsing of SigV4 credentials as clients send them: the `Authorization: AWS4-HMAC-SHA256 ...`
// header and the presigned X-Amz-* query parameters. Syntax only: scope values, time and
// signatures are checked by the verifier. Malformed input yields S3's own error and message
// (AuthorizationHeaderMalformed, AuthorizationQueryParametersError).
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/query_params.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::auth {

// "AK/20130524/us-east-1/s3/aws4_request", split but not validated.
struct SigV4Credential {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
  std::string terminator;
};
std::optional<SigV4Credential> split_credential(std::string_view credential);
// "content-type;host" -> {"content-type", "host"}: trimmed, lower-cased, empty names dropped.
std::vector<std::string> split_signed_headers(std::string_view list);

struct SigV4Authorization {
  SigV4Credential credential;
  std::vector<std::string> signed_headers;  // lower-case, as listed
  std::string signature;                    // as sent
};

// `value` is the whole Authorization header value, starting with "AWS4-HMAC-SHA256".
core::Result<SigV4Authorization> parse_authorization_v4(std::string_view value);

inline constexpr std::int64_t kMaxPresignExpires = 604800;  // seven days

struct SigV4Presigned {
  SigV4Credential credential;
  std::vector<std::string> signed_headers;
  std::string signature;
  std::string amz_date;  // as sent
  core::TimePoint date;
  std::int64_t expires = 0;
  std::optional<std::string> security_token;
  std::optional<std::string> content_sha256;
};

// True when the query carries any SigV4 presign parameter.
bool is_presigned_v4(QueryParams params);
core::Result<SigV4Presigned> parse_presigned_v4(QueryParams params);

}  // namespace s3sandbox::auth
