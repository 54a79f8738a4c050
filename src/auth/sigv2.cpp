#include "auth/sigv2.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "auth/auth_errors.hpp"
#include "auth/diagnosis.hpp"
#include "auth/request_time.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

using core::ErrorCode;
using core::S3Error;

// Sub-resources S3 includes in the SigV2 resource (S3 REST authentication docs, and botocore's
// HmacV1Auth list).
constexpr std::string_view kSubResources[] = {"accelerate",
                                              "acl",
                                              "analytics",
                                              "cors",
                                              "delete",
                                              "inventory",
                                              "lifecycle",
                                              "location",
                                              "logging",
                                              "metrics",
                                              "notification",
                                              "object-lock",
                                              "partNumber",
                                              "policy",
                                              "replication",
                                              "requestPayment",
                                              "response-cache-control",
                                              "response-content-disposition",
                                              "response-content-encoding",
                                              "response-content-language",
                                              "response-content-type",
                                              "response-expires",
                                              "restore",
                                              "select",
                                              "select-type",
                                              "storageClass",
                                              "tagging",
                                              "torrent",
                                              "uploadId",
                                              "uploads",
                                              "versionId",
                                              "versioning",
                                              "versions",
                                              "website"};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

const core::QueryParam* find_param_icase(QueryParams params, std::string_view name) {
  for (const core::QueryParam& p : params) {
    if (core::iequals(p.signed_name, name)) return &p;
  }
  return nullptr;
}

// Content-Type and Content-MD5 are signed from the request's headers, also for presigned URLs:
// botocore copies them into the URL's query, but S3 does not read them from there, so an upload
// without the signed Content-Type fails (boto/boto3#2501 shows S3 refusing exactly that).
std::string standard_value(const core::RequestView& request, std::string_view name) {
  if (auto v = request.header(name)) return trim(*v);
  return {};
}

// For a presigned URL that carries content-type / content-md5 query parameters (the values it
// was signed with), says which of them the request's headers do not repeat; "" when none.
std::string hoisted_header_mismatch(const core::RequestView& request, QueryParams params) {
  std::string out;
  for (std::string_view name : {"content-type", "content-md5"}) {
    const core::QueryParam* in_url = find_param_icase(params, name);
    if (in_url == nullptr) continue;
    auto sent = request.header(name);
    if (sent && trim(*sent) == trim(in_url->signed_value)) continue;
    if (!out.empty()) out += " ";
    out += "The URL was presigned with " + std::string(name) + " '" +
           std::string(in_url->signed_value) + "' (its " + std::string(name) +
           " query parameter) but the request " +
           (sent ? "sent '" + std::string(*sent) + "'" : std::string("sent no such header")) +
           ". S3 signs the header, not the query parameter: send exactly that header.";
  }
  return out;
}

std::string amz_headers(const core::RequestView& request, QueryParams params, bool presigned) {
  std::map<std::string, std::string> amz;
  for (const core::Header& h : request.headers) {
    std::string name = core::to_lower(h.name);
    if (name.rfind("x-amz-", 0) != 0) continue;
    auto [it, fresh] = amz.try_emplace(name, trim(h.value));
    if (!fresh) it->second += "," + trim(h.value);
  }
  if (presigned) {
    for (const core::QueryParam& p : params) {
      std::string name = core::to_lower(p.signed_name);
      if (name.rfind("x-amz-", 0) != 0) continue;
      amz.try_emplace(name, trim(p.signed_value));  // a header of the same name wins
    }
  }
  std::string out;
  for (const auto& [name, value] : amz) out += name + ":" + value + "\n";
  return out;
}

std::string time_diagnosis(std::string_view raw, core::TimePoint when, const VerifyEnv& env) {
  auto skew = std::chrono::duration_cast<std::chrono::seconds>(env.now - when);
  return "The request time " + std::string(raw) + " is " + describe_duration(skew) +
         (skew.count() > 0 ? " behind" : " ahead of") + " the server clock " +
         iso_seconds(env.now) + "; at most " + describe_duration(env.options.max_skew) +
         " is allowed.";
}

core::Result<AuthResult> check(const std::string& string_to_sign, std::string_view access_key,
                               std::string_view provided, std::string_view method, bool presigned,
                               const VerifyEnv& env) {
  const Credential* cred = env.options.credentials.find(access_key);
  if (!cred) {
    return invalid_access_key(access_key)
        .because("No access key '" + std::string(access_key) + "' is configured on this server.");
  }
  std::string expected = sigv2_sign(cred->secret_key, string_to_sign);
  if (!crypto::constant_time_equal(expected, provided)) {
    S3Error e = sigv2_mismatch(access_key, string_to_sign, provided);
    e.diagnosis = diagnose_sigv2_mismatch({method, string_to_sign, provided, access_key, presigned},
                                          cred->secret_key);
    return e;
  }
  AuthResult r;
  r.access_key = std::string(access_key);
  r.scheme = presigned ? "sigv2-query" : "sigv2-header";
  r.payload = PayloadMode::kNone;
  return r;
}

}  // namespace

namespace {

core::Result<AuthResult> check_request(const core::RequestView& request, QueryParams params,
                                       const AuthContext& context, bool presigned,
                                       std::string_view access_key, std::string_view provided,
                                       const VerifyEnv& env);

}  // namespace

std::string sigv2_canonical_resource(std::string_view raw_path, QueryParams params,
                                     const AuthContext& context, bool bucket_slash) {
  std::string out;
  if (context.virtual_host && !context.bucket.empty()) out = "/" + std::string(context.bucket);
  out += raw_path.empty() ? std::string_view("/") : raw_path;
  if (bucket_slash && !context.bucket.empty() && context.key.empty() &&
      out == "/" + std::string(context.bucket)) {
    out += '/';
  }
  std::vector<const core::QueryParam*> subs;
  for (const core::QueryParam& p : params) {
    if (std::find(std::begin(kSubResources), std::end(kSubResources), p.signed_name) !=
        std::end(kSubResources)) {
      subs.push_back(&p);
    }
  }
  std::stable_sort(subs.begin(), subs.end(),
                   [](const core::QueryParam* a, const core::QueryParam* b) {
                     return a->signed_name < b->signed_name;
                   });
  for (std::size_t i = 0; i < subs.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += subs[i]->signed_name;
    if (subs[i]->has_value) out.append(1, '=').append(subs[i]->signed_value);
  }
  return out;
}

std::string sigv2_string_to_sign(const SigV2Parts& p) {
  return p.method + "\n" + p.content_md5 + "\n" + p.content_type + "\n" + p.date + "\n" +
         p.amz_headers + p.resource;
}

std::string sigv2_sign(std::string_view secret, std::string_view string_to_sign) {
  return crypto::base64_encode(crypto::hmac_sha1(secret, string_to_sign));
}

std::string sigv2_string_to_sign_for(const core::RequestView& request, QueryParams params,
                                     const AuthContext& context, bool presigned,
                                     bool bucket_slash) {
  SigV2Parts parts;
  parts.method = request.method;
  parts.content_md5 = standard_value(request, "content-md5");
  parts.content_type = standard_value(request, "content-type");
  if (presigned) {
    if (const core::QueryParam* e = find_param(params, "Expires")) parts.date = e->signed_value;
  } else if (!request.has_header("x-amz-date")) {
    // With x-amz-date present S3 signs an empty Date line (and x-amz-date among the headers).
    parts.date = trim(request.header("date").value_or(""));
  }
  parts.amz_headers = amz_headers(request, params, presigned);
  parts.resource = sigv2_canonical_resource(request.path, params, context, bucket_slash);
  return sigv2_string_to_sign(parts);
}

bool is_presigned_v2(QueryParams params) {
  return find_param(params, "AWSAccessKeyId") || find_param(params, "Signature");
}

core::Result<AuthResult> verify_sigv2_header(const core::RequestView& request,
                                             std::string_view authorization,
                                             const AuthContext& context, const VerifyEnv& env) {
  std::string_view creds = authorization.substr(std::min<std::size_t>(4, authorization.size()));
  auto colon = creds.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == creds.size()) {
    return S3Error(ErrorCode::kInvalidArgument,
                   "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature")
        .with("ArgumentName", "Authorization")
        .with("ArgumentValue", std::string(authorization));
  }
  auto when = request_time(request);
  if (!when) return access_denied("AWS authentication requires a valid Date or x-amz-date header");
  auto skew = std::chrono::duration_cast<std::chrono::seconds>(env.now - when->when);
  if (skew > env.options.max_skew || -skew > env.options.max_skew) {
    return request_time_too_skewed(when->raw, env.now, env.options.max_skew)
        .because(time_diagnosis(when->raw, when->when, env));
  }
  return check_sigv2_request(request, context.query, context, false, trim(creds.substr(0, colon)),
                             trim(creds.substr(colon + 1)), env);
}

core::Result<AuthResult> verify_sigv2_presigned(const core::RequestView& request,
                                                QueryParams params, const AuthContext& context,
                                                const VerifyEnv& env) {
  const core::QueryParam* access_key = find_param(params, "AWSAccessKeyId");
  const core::QueryParam* signature = find_param(params, "Signature");
  const core::QueryParam* expires = find_param(params, "Expires");
  if (!access_key || !signature || !expires) {
    return access_denied(
        "Query-string authentication requires the Signature, Expires and AWSAccessKeyId "
        "parameters");
  }
  std::int64_t epoch = 0;
  const std::string_view ev = expires->signed_value;
  auto [end, ec] = std::from_chars(ev.data(), ev.data() + ev.size(), epoch);
  if (ev.empty() || ec != std::errc() || end != ev.data() + ev.size()) {
    return access_denied("Invalid date (should be seconds since epoch)")
        .because("Expires must be an absolute time in seconds since 1970 (SigV2), not '" +
                 std::string(ev) + "'.");
  }
  // SigV2 URLs may expire in any year; a TimePoint (64-bit nanoseconds) ends in 2262, so far
  // futures (and pasts) are clamped to years it can hold (found by fuzzing).
  constexpr std::int64_t kLatest = 7'000'000'000;  // 2191
  epoch = std::clamp<std::int64_t>(epoch, -kLatest, kLatest);
  core::TimePoint expires_at{std::chrono::seconds(epoch)};
  if (env.now >= expires_at) {
    auto late = std::chrono::duration_cast<std::chrono::seconds>(env.now - expires_at);
    return request_expired(std::nullopt, expires_at, env.now)
        .because("The URL was valid until " + iso_seconds(expires_at) +
                 " (Expires=" + std::string(ev) + "); it expired " + describe_duration(late) +
                 " ago (server time " + iso_seconds(env.now) + "). Sign a new URL.");
  }
  return check_sigv2_request(request, params, context, true, access_key->signed_value,
                             signature->signed_value, env);
}

namespace {

// For a request on a bucket itself botocore signs "/bucket/" for some operations (CreateBucket in
// botocore 1.26) and the path as sent, "/bucket", for others (ListMultipartUploads in 1.43); S3
// accepts both, so the second form is tried when the first does not match.
core::Result<AuthResult> check_request(const core::RequestView& request, QueryParams params,
                                       const AuthContext& context, bool presigned,
                                       std::string_view access_key, std::string_view provided,
                                       const VerifyEnv& env) {
  std::string sts = sigv2_string_to_sign_for(request, params, context, presigned);
  auto result = check(sts, access_key, provided, request.method, presigned, env);
  if (result || result.error().code != ErrorCode::kSignatureDoesNotMatch ||
      context.bucket.empty() || !context.key.empty()) {
    return result;
  }
  std::string slashed = sigv2_string_to_sign_for(request, params, context, presigned, true);
  if (slashed == sts) return result;
  auto second = check(slashed, access_key, provided, request.method, presigned, env);
  return second ? second : result;
}

}  // namespace

core::Result<AuthResult> check_sigv2_request(const core::RequestView& request, QueryParams params,
                                             const AuthContext& context, bool presigned,
                                             std::string_view access_key, std::string_view provided,
                                             const VerifyEnv& env) {
  auto result = check_request(request, params, context, presigned, access_key, provided, env);
  if (!result && presigned && result.error().code == ErrorCode::kSignatureDoesNotMatch) {
    std::string hoisted = hoisted_header_mismatch(request, params);
    if (!hoisted.empty()) {
      S3Error e = result.error();
      e.diagnosis = hoisted;
      return e;
    }
  }
  return result;
}

namespace {}  // namespace

}  // namespace s3sandbox::auth
