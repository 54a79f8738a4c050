#include "auth/verify_sigv4.hpp"

#include <algorithm>

#include "auth/auth_errors.hpp"
#include "auth/diagnosis.hpp"
#include "auth/query_params.hpp"
#include "auth/request_time.hpp"
#include "auth/sigv4_material.hpp"
#include "auth/ssec_signing_hint.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

using core::ErrorCode;
using core::S3Error;

std::optional<S3Error> check_scope(const SigV4Credential& c, std::string_view request_day,
                                   const AuthOptions& o, bool presigned) {
  auto fail = [presigned](const std::string& detail) {
    if (presigned) {
      return S3Error(ErrorCode::kAuthorizationQueryParametersError,
                     "Error parsing the X-Amz-Credential parameter; " + detail);
    }
    return S3Error(ErrorCode::kAuthorizationHeaderMalformed,
                   "The authorization header is malformed; " + detail);
  };
  if (c.terminator != "aws4_request") {
    return fail("incorrect terminal \"" + c.terminator +
                "\". This endpoint uses \"aws4_request\".");
  }
  if (c.service != "s3") {
    return fail("incorrect service \"" + c.service + "\". This endpoint belongs to \"s3\".");
  }
  if (!o.any_region && c.region != o.region) {
    S3Error e = fail("the region '" + c.region + "' is wrong; expecting '" + o.region + "'");
    e.fields.emplace_back("Region", o.region);
    e.diagnosis = "The request was signed for region '" + c.region +
                  "' but this server is configured for region '" + o.region +
                  "'. Configure the client (or the code that signs URLs) with region '" + o.region +
                  "', or start s3sandbox with that region or with any region allowed.";
    return e;
  }
  if (c.date != request_day) {
    S3Error e = fail("Invalid credential date. Date is not the same as X-Amz-Date.");
    e.diagnosis = "The credential scope date '" + c.date +
                  "' differs from the day of the "
                  "request time '" +
                  std::string(request_day) +
                  "'; the signer mixed two clocks "
                  "or time zones (the scope date must be the UTC day of X-Amz-Date).";
    return e;
  }
  return std::nullopt;
}

bool is_signed(const std::vector<std::string>& signed_headers, std::string_view name) {
  return std::find(signed_headers.begin(), signed_headers.end(), name) != signed_headers.end();
}

// Host must be signed; every x-amz-* header sent must be signed (x-amz-content-sha256 is
// tolerated unsigned, as S3 does).
std::optional<S3Error> check_signed_headers(const core::RequestView& request,
                                            const std::vector<std::string>& signed_headers) {
  if (!is_signed(signed_headers, "host")) {
    S3Error e = headers_not_signed({"host"});
    e.diagnosis = "The Host header must be part of every SigV4 signature, but SignedHeaders '" +
                  join_signed_headers(signed_headers) + "' does not list it.";
    return e;
  }
  std::vector<std::string> unsigned_names;
  for (const core::Header& h : request.headers) {
    // Only x-amz-* names are lower-cased (a copy): most headers are not.
    if (h.name.size() < 6 || !core::iequals(std::string_view(h.name).substr(0, 6), "x-amz-")) {
      continue;
    }
    std::string name = core::to_lower(h.name);
    if (name == "x-amz-content-sha256") continue;
    if (is_signed(signed_headers, name)) continue;
    if (std::find(unsigned_names.begin(), unsigned_names.end(), name) == unsigned_names.end()) {
      unsigned_names.push_back(name);
    }
  }
  if (unsigned_names.empty()) return std::nullopt;
  S3Error e = headers_not_signed(unsigned_names);
  std::string list;
  for (const std::string& n : unsigned_names) list += (list.empty() ? "'" : ", '") + n + "'";
  e.diagnosis = "The request sent " + list + " but the signature does not cover " +
                (unsigned_names.size() == 1 ? "it" : "them") +
                "; S3 requires every x-amz-* header to be signed. Either give the header to the "
                "signer (so it appears in SignedHeaders) or do not send it." +
                ssec_unsigned_hint(unsigned_names);
  return e;
}

// Verifies the signature over `material`, trying the path exactly as received when it differs
// from its single re-encoding (some signers sign the path as they sent it, e.g. "%7E").
core::Result<std::string> check_signature(SigV4Material& material, std::string_view raw_path,
                                          std::string_view signing_key, std::string_view provided,
                                          const VerifyEnv& env, bool presigned,
                                          std::string_view access_key) {
  std::string provided_lower = core::to_lower(provided);
  SigV4Computation first = compute_sigv4(material, signing_key);
  if (crypto::constant_time_equal(first.signature, provided_lower)) return first.signature;
  if (!raw_path.empty() && raw_path != material.canonical_uri) {
    SigV4Material raw = material;
    raw.canonical_uri = std::string(raw_path);
    SigV4Computation alt = compute_sigv4(raw, signing_key);
    if (crypto::constant_time_equal(alt.signature, provided_lower)) return alt.signature;
  }
  S3Error e = sigv4_mismatch(access_key, first.string_to_sign, provided, first.canonical_request);
  e.diagnosis = diagnose_sigv4_mismatch({material, signing_key, provided_lower, raw_path,
                                         first.missing_headers, env.options.host_aliases, presigned,
                                         access_key, &env.options.credentials.all()});
  return e;
}

// The signature (lower-case hex) when `provided` is right. Checked first in per-thread buffers;
// a mismatch is built again (the same builder) into strings by check_signature, for the path as
// received, S3's error fields and the diagnosis.
core::Result<std::string> verify_signature(const SigV4Inputs& in, std::string_view raw_path,
                                           std::string_view signing_key, std::string_view provided,
                                           const VerifyEnv& env, bool presigned,
                                           std::string_view access_key) {
  if (sigv4_signature_matches(in, signing_key, provided)) return core::to_lower(provided);
  SigV4Material material{std::string(in.method),
                         std::string(in.canonical_uri),
                         std::string(in.canonical_query),
                         in.headers,
                         in.signed_headers,
                         std::string(in.payload_hash),
                         std::string(in.amz_date),
                         std::string(in.scope)};
  return check_signature(material, raw_path, signing_key, provided, env, presigned, access_key);
}

AuthResult make_result(std::string scheme, const SigV4Credential& c, std::string amz_date,
                       std::string signature, std::string signing_key, std::string scope) {
  AuthResult r;
  r.access_key = c.access_key;
  r.scheme = std::move(scheme);
  r.amz_date = std::move(amz_date);
  r.scope = std::move(scope);
  r.seed_signature = std::move(signature);
  r.signing_key = std::move(signing_key);
  return r;
}

void set_payload(AuthResult& r, PayloadMode mode, std::string_view hash) {
  r.payload = mode;
  if (mode == PayloadMode::kSha256) r.expected_sha256_hex = core::to_lower(hash);
}

}  // namespace

std::optional<PayloadMode> payload_mode(std::string_view v) {
  if (v == kUnsignedPayload) return PayloadMode::kUnsigned;
  if (v == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD") return PayloadMode::kStreamingSigned;
  if (v == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER") {
    return PayloadMode::kStreamingSignedTrailer;
  }
  if (v == "STREAMING-UNSIGNED-PAYLOAD-TRAILER") return PayloadMode::kStreamingUnsignedTrailer;
  if (v.size() == 64 && crypto::hex_decode(v)) return PayloadMode::kSha256;
  return std::nullopt;
}

core::Result<AuthResult> verify_sigv4_header(const core::RequestView& request, QueryParams params,
                                             const SigV4Authorization& auth, const VerifyEnv& env) {
  const SigV4Credential& cred = auth.credential;
  auto when = request_time(request);
  if (!when) return access_denied("AWS authentication requires a valid Date or x-amz-date header");
  std::string amz_date = core::format_amz_date(when->when);
  if (auto e = check_scope(cred, std::string_view(amz_date).substr(0, 8), env.options, false)) {
    return *e;
  }
  auto skew = std::chrono::duration_cast<std::chrono::seconds>(env.now - when->when);
  if (skew > env.options.max_skew || -skew > env.options.max_skew) {
    S3Error e = request_time_too_skewed(when->raw, env.now, env.options.max_skew);
    e.diagnosis = "The request time " + when->raw + " is " + describe_duration(skew) +
                  (skew.count() > 0 ? " behind" : " ahead of") + " the server clock " +
                  iso_seconds(env.now) + "; at most " + describe_duration(env.options.max_skew) +
                  " is allowed. Check the client's clock (or the server's --clock-offset).";
    return e;
  }
  auto sha = request.header("x-amz-content-sha256");
  if (!sha) {
    return S3Error(ErrorCode::kInvalidRequest,
                   "Missing required header for this request: x-amz-content-sha256");
  }
  auto mode = payload_mode(*sha);
  if (!mode) {
    return S3Error(ErrorCode::kInvalidArgument,
                   "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                   "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                   "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
                   "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, "
                   "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.")
        .with("ArgumentName", "x-amz-content-sha256")
        .with("ArgumentValue", std::string(*sha));
  }
  if (auto e = check_signed_headers(request, auth.signed_headers)) return *e;
  const Credential* secret = env.options.credentials.find(cred.access_key);
  if (!secret) {
    return invalid_access_key(cred.access_key)
        .because("No access key '" + cred.access_key + "' is configured on this server.");
  }
  std::string key =
      env.keys.get(cred.access_key, secret->secret_key, cred.date, cred.region, cred.service);
  const std::string uri = canonical_uri(request.path);
  const std::string query = canonical_query(params, false);
  const std::string scope = credential_scope(cred.date, cred.region, cred.service);
  const std::string& signed_date = when->from_amz ? when->raw : amz_date;
  auto signature = verify_signature(
      {request.method, uri, query, request.headers, auth.signed_headers, *sha, signed_date, scope},
      request.path, key, auth.signature, env, false, cred.access_key);
  if (!signature) return signature.error();
  AuthResult r = make_result("sigv4-header", cred, signed_date, std::move(*signature), key, scope);
  set_payload(r, *mode, *sha);
  return r;
}

core::Result<AuthResult> verify_sigv4_presigned(const core::RequestView& request,
                                                QueryParams params, const VerifyEnv& env) {
  auto parsed = parse_presigned_v4(params);
  if (!parsed) return parsed.error();
  const SigV4Presigned& p = *parsed;
  const SigV4Credential& cred = p.credential;
  if (auto e = check_scope(cred, std::string_view(p.amz_date).substr(0, 8), env.options, true)) {
    return *e;
  }
  core::TimePoint expires_at = p.date + std::chrono::seconds(p.expires);
  if (p.date - env.now > env.options.max_skew) {
    S3Error e = request_not_yet_valid(p.date, expires_at, env.now);
    auto ahead = std::chrono::duration_cast<std::chrono::seconds>(p.date - env.now);
    e.diagnosis = "The URL is dated " + iso_seconds(p.date) + ", " + describe_duration(ahead) +
                  " ahead of the server clock " + iso_seconds(env.now) + " (at most " +
                  describe_duration(env.options.max_skew) +
                  " is tolerated). The signer's clock is ahead; check it.";
    return e;
  }
  if (p.expires == 0 || env.now >= expires_at) {
    S3Error e = request_expired(p.expires, expires_at, env.now);
    auto late = std::chrono::duration_cast<std::chrono::seconds>(env.now - expires_at);
    e.diagnosis = "The URL was signed at " + iso_seconds(p.date) + " and valid for " +
                  std::to_string(p.expires) + " s, until " + iso_seconds(expires_at) +
                  "; it expired " + describe_duration(late) + " ago (server time " +
                  iso_seconds(env.now) + "). Sign a new URL, or a longer X-Amz-Expires.";
    return e;
  }
  if (auto e = check_signed_headers(request, p.signed_headers)) return *e;
  const Credential* secret = env.options.credentials.find(cred.access_key);
  if (!secret) {
    return invalid_access_key(cred.access_key)
        .because("No access key '" + cred.access_key + "' is configured on this server.");
  }
  std::string key =
      env.keys.get(cred.access_key, secret->secret_key, cred.date, cred.region, cred.service);
  std::string payload = p.content_sha256 ? *p.content_sha256 : std::string(kUnsignedPayload);
  auto mode = payload_mode(payload);
  if (!mode) mode = PayloadMode::kUnsigned;
  const std::string uri = canonical_uri(request.path);
  const std::string query = canonical_query(params, true);
  const std::string scope = credential_scope(cred.date, cred.region, cred.service);
  auto signature = verify_signature(
      {request.method, uri, query, request.headers, p.signed_headers, payload, p.amz_date, scope},
      request.path, key, p.signature, env, true, cred.access_key);
  if (!signature) return signature.error();
  AuthResult r = make_result("sigv4-query", cred, p.amz_date, std::move(*signature), key, scope);
  set_payload(r, *mode, payload);
  return r;
}

}  // namespace s3sandbox::auth
