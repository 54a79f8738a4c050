// Making presigned URLs and browser upload forms with a configured credential, for the console's
// Share view (POST /_sandbox/presign). Signing reuses the verifier's own pieces (the SigV4
// canonical builder, canonical_uri/canonical_query over core::parse_query's reading, SigV2's
// string to sign and the policy signatures), so a URL made here verifies exactly as a client's.
// The secret key is only read to derive the signature; it is never part of a result.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::auth {

struct PresignInput {
  std::string method;  // GET, PUT, HEAD, DELETE
  std::string host;    // the Host the URL will be sent to ("localhost:9000")
  std::string bucket;  // path-style: /bucket/key
  std::string key;     // decoded; may be empty for a bucket-level URL
  // Query parameters to sign, decoded (response-content-disposition, versionId...).
  std::vector<std::pair<std::string, std::string>> query;
  // Headers the uploader must send with exactly these values (Content-Type, Content-Disposition,
  // x-amz-meta-*); signed.
  std::vector<core::Header> headers;
  long long expires_seconds = 3600;  // SigV4: 1..604800
  core::TimePoint now;
  std::string region = "us-east-1";
  Credential credential;
};

struct PresignResult {
  std::string target;  // path and query: "/bucket/key?X-Amz-Algorithm=..."
  // What was signed, to show (no secret in either): SigV4's canonical request (empty for SigV2)
  // and the string to sign.
  std::string canonical_request;
  std::string string_to_sign;
  core::TimePoint expires;
};

// SigV4 query signing (X-Amz-*), UNSIGNED-PAYLOAD. InvalidArgument for an expiry outside S3's
// 1 second to 7 days.
core::Result<PresignResult> presign_sigv4(const PresignInput& in);
// SigV2 query signing (AWSAccessKeyId, Expires, Signature).
core::Result<PresignResult> presign_sigv2(const PresignInput& in);

// A browser upload form (POST Object): the fields to send before the file, in order.
struct PostForm {
  std::string target;  // "/bucket"
  std::vector<std::pair<std::string, std::string>> fields;
  std::string policy_json;  // the policy document, decoded, to show
  core::TimePoint expires;
};
// `sigv4`: x-amz-algorithm/-credential/-date/-signature; otherwise AWSAccessKeyId/signature.
// The policy pins the bucket and the key (a key ending in "${filename}" becomes a starts-with
// condition on what precedes it) and each header given (Content-Type...) as a form field.
core::Result<PostForm> presign_post(const PresignInput& in, bool sigv4);

}  // namespace s3sandbox::auth
