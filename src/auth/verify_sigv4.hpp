// SigV4 verification of one request from its header alone: the Authorization header form and
// the presigned query form. Checks, in S3's spirit and order: syntax, credential scope (date =
// request day, region, service s3, aws4_request), time (skew for headers; not-yet-valid and
// expiry for presigned URLs), x-amz-content-sha256, that host and every x-amz-* header sent are
// signed, the access key, then the signature (constant-time). A mismatch carries S3's fields
// and a diagnosis.
// Thread safety: pure apart from the signing-key cache, which is thread-safe.
#pragma once

#include "auth/query_params.hpp"
#include "auth/sigv4_parse.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/auth/signing_key_cache.hpp"

namespace s3sandbox::auth {

struct VerifyEnv {
  const AuthOptions& options;
  core::TimePoint now;
  SigningKeyCache& keys;
};

// `params`: the request's query as the router parsed it (AuthContext::query).
core::Result<AuthResult> verify_sigv4_header(const core::RequestView& request, QueryParams params,
                                             const SigV4Authorization& auth, const VerifyEnv& env);

core::Result<AuthResult> verify_sigv4_presigned(const core::RequestView& request,
                                                QueryParams params, const VerifyEnv& env);

// UNSIGNED-PAYLOAD, a SHA-256 hex, or a STREAMING-* value → the mode; nullopt when invalid.
std::optional<PayloadMode> payload_mode(std::string_view x_amz_content_sha256);

}  // namespace s3sandbox::auth
