#include "s3sandbox/auth/authenticator.hpp"

#include "auth/auth_errors.hpp"
#include "auth/query_params.hpp"
#include "auth/sigv2.hpp"
#include "auth/sigv4_parse.hpp"
#include "auth/verify_sigv4.hpp"

namespace s3sandbox::auth {
namespace {

using core::ErrorCode;
using core::S3Error;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

struct Attempt {
  std::string scheme;
  core::Result<AuthResult> result;
};

Attempt verify(const core::RequestView& request, const AuthContext& context, const VerifyEnv& env) {
  const QueryParams params = context.query;  // parsed once, by the router
  auto authorization = request.header("authorization");
  bool v4_query = is_presigned_v4(params);
  bool v2_query = !v4_query && is_presigned_v2(params);
  if ((v4_query || v2_query) && authorization) {
    return {v4_query ? "sigv4-query" : "sigv2-query",
            S3Error(ErrorCode::kInvalidArgument,
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
                    "Signature query string parameter or the Authorization header should be "
                    "specified")
                .with("ArgumentName", "Authorization")
                .with("ArgumentValue", std::string(*authorization))
                .because("The request is both presigned (query) and carries an Authorization "
                         "header; send one or the other.")};
  }
  if (v4_query) return {"sigv4-query", verify_sigv4_presigned(request, params, env)};
  if (v2_query) return {"sigv2-query", verify_sigv2_presigned(request, params, context, env)};
  if (authorization) {
    if (starts_with(*authorization, "AWS4-HMAC-SHA256")) {
      auto parsed = parse_authorization_v4(*authorization);
      if (!parsed) return {"sigv4-header", parsed.error()};
      return {"sigv4-header", verify_sigv4_header(request, params, *parsed, env)};
    }
    if (starts_with(*authorization, "AWS ")) {
      return {"sigv2-header", verify_sigv2_header(request, *authorization, context, env)};
    }
    return {"anonymous",
            S3Error(ErrorCode::kInvalidArgument, "Unsupported Authorization Type")
                .with("ArgumentName", "Authorization")
                .with("ArgumentValue", std::string(*authorization))
                .because("The Authorization header is neither AWS4-HMAC-SHA256 (SigV4) nor "
                         "'AWS AccessKeyId:Signature' (SigV2).")};
  }
  return {"anonymous",
          access_denied().because(
              "The request is not signed: it has no Authorization header and no X-Amz-Signature "
              "or Signature query parameter. s3sandbox has no public buckets, so every request "
              "must be signed (or start the server with --auth=off).")};
}

}  // namespace

Authenticator::Authenticator(AuthOptions options, const core::Clock& clock)
    : options_(std::move(options)), clock_(clock), keys_(std::make_unique<SigningKeyCache>()) {}

core::Result<AuthResult> Authenticator::authenticate(const core::RequestView& request,
                                                     const AuthContext& context) const {
  VerifyEnv env{options_, clock_.now(), *keys_};
  Attempt attempt = verify(request, context, env);
  if (!attempt.result) {
    if (const auto moved = clock_.moved_by(); moved.count() != 0) {
      core::S3Error e = attempt.result.error();
      note_moved_clock(e, moved);
      attempt.result = std::move(e);
    }
  }
  if (attempt.result || options_.mode == AuthMode::kStrict) return std::move(attempt.result);
  // Relaxed modes: let the request through, but never silently.
  AuthResult relaxed;
  relaxed.scheme = attempt.scheme;
  if (auto sha = request.header("x-amz-content-sha256")) {
    if (auto mode = payload_mode(*sha)) {
      relaxed.payload = *mode;
      if (*mode == PayloadMode::kSha256) relaxed.expected_sha256_hex = core::to_lower(*sha);
    }
  }
  bool anonymous =
      attempt.scheme == "anonymous" && attempt.result.error().code == ErrorCode::kAccessDenied;
  if (options_.mode == AuthMode::kWarn || !anonymous) relaxed.warning = attempt.result.error();
  return relaxed;
}

}  // namespace s3sandbox::auth
