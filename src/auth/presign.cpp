#include "s3sandbox/auth/presign.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "auth/sigv2.hpp"
#include "s3sandbox/auth/policy_signature.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

constexpr long long kMaxSigV4Expiry = 7 * 24 * 3600;  // S3: at most seven days

std::string path_of(const PresignInput& in) {
  std::string path = "/";
  core::append_uri_encoded(path, in.bucket);
  if (!in.key.empty()) {
    path += '/';
    core::append_uri_encoded(path, in.key, {.keep_slash = true});
  }
  return path;
}

void append_param(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) query += '&';
  core::append_uri_encoded(query, name);
  query += '=';
  core::append_uri_encoded(query, value);
}

std::string user_query(const PresignInput& in) {
  std::string q;
  for (const auto& [name, value] : in.query) append_param(q, name, value);
  return q;
}

std::vector<core::Header> request_headers(const PresignInput& in) {
  std::vector<core::Header> headers{{"Host", in.host}};
  for (const core::Header& h : in.headers) headers.push_back(h);
  return headers;
}

core::S3Error bad_expiry(long long seconds) {
  return core::S3Error(core::ErrorCode::kAuthorizationQueryParametersError,
                       "X-Amz-Expires must be between 1 and 604800 seconds")
      .because("An expiry of " + std::to_string(seconds) +
               " seconds is outside what S3 accepts for SigV4: from 1 second to 7 days "
               "(604800 seconds).");
}

}  // namespace

core::Result<PresignResult> presign_sigv4(const PresignInput& in) {
  if (in.expires_seconds < 1 || in.expires_seconds > kMaxSigV4Expiry) {
    return bad_expiry(in.expires_seconds);
  }
  const std::string amz_date = core::format_amz_date(in.now);
  const std::string scope = credential_scope(amz_date.substr(0, 8), in.region, "s3");
  std::vector<std::string> signed_names{"host"};
  for (const core::Header& h : in.headers) signed_names.push_back(core::to_lower(h.name));
  std::sort(signed_names.begin(), signed_names.end());
  signed_names.erase(std::unique(signed_names.begin(), signed_names.end()), signed_names.end());

  std::string query = user_query(in);
  append_param(query, "X-Amz-Algorithm", kSigV4Algorithm);
  append_param(query, "X-Amz-Credential", in.credential.access_key + "/" + scope);
  append_param(query, "X-Amz-Date", amz_date);
  append_param(query, "X-Amz-Expires", std::to_string(in.expires_seconds));
  append_param(query, "X-Amz-SignedHeaders", join_signed_headers(signed_names));

  // Canonicalized exactly as the verifier reads the URL: the path as sent, the query as parsed.
  const std::string path = path_of(in);
  auto parsed = core::parse_query(query);
  if (!parsed) return parsed.error();
  const std::string uri = canonical_uri(path);
  const std::string cquery = canonical_query(parsed->params, true);
  const std::vector<core::Header> headers = request_headers(in);
  PresignResult out;
  build_sigv4_string_to_sign(
      {in.method, uri, cquery, headers, signed_names, kUnsignedPayload, amz_date, scope},
      out.canonical_request, out.string_to_sign);
  const std::string key =
      derive_signing_key(in.credential.secret_key, amz_date.substr(0, 8), in.region, "s3");
  append_param(query, "X-Amz-Signature", sign_hex(key, out.string_to_sign));
  out.target = path + "?" + query;
  out.expires = in.now + std::chrono::seconds(in.expires_seconds);
  return out;
}

core::Result<PresignResult> presign_sigv2(const PresignInput& in) {
  if (in.expires_seconds < 1) return bad_expiry(in.expires_seconds);
  PresignResult out;
  out.expires = in.now + std::chrono::seconds(in.expires_seconds);
  const long long expires_epoch =
      std::chrono::duration_cast<std::chrono::seconds>(out.expires.time_since_epoch()).count();
  std::string query = user_query(in);
  append_param(query, "AWSAccessKeyId", in.credential.access_key);
  append_param(query, "Expires", std::to_string(expires_epoch));

  core::RequestView request;
  request.method = in.method;
  request.path = path_of(in);
  request.query = query;
  request.headers = request_headers(in);
  auto parsed = core::parse_query(query);
  if (!parsed) return parsed.error();
  AuthContext context{in.bucket, false, in.key, parsed->params};
  out.string_to_sign = sigv2_string_to_sign_for(request, parsed->params, context, true);
  append_param(query, "Signature", sigv2_sign(in.credential.secret_key, out.string_to_sign));
  out.target = request.path + "?" + query;
  return out;
}

core::Result<PostForm> presign_post(const PresignInput& in, bool sigv4) {
  if (in.expires_seconds < 1 || (sigv4 && in.expires_seconds > kMaxSigV4Expiry)) {
    return bad_expiry(in.expires_seconds);
  }
  namespace json = boost::json;
  PostForm form;
  form.target = "/";
  core::append_uri_encoded(form.target, in.bucket);
  form.expires = in.now + std::chrono::seconds(in.expires_seconds);

  json::array conditions;
  conditions.push_back(json::object{{"bucket", in.bucket}});
  constexpr std::string_view kFilename = "${filename}";
  const std::string& key = in.key;
  if (key.size() >= kFilename.size() && key.ends_with(kFilename)) {
    conditions.push_back(
        json::array{"starts-with", "$key", key.substr(0, key.size() - kFilename.size())});
  } else {
    conditions.push_back(json::object{{"key", key}});
  }
  form.fields.push_back({"key", key});
  for (const core::Header& h : in.headers) {
    conditions.push_back(json::object{{h.name, h.value}});
    form.fields.push_back({h.name, h.value});
  }
  std::string signing_key, amz_date;
  if (sigv4) {
    amz_date = core::format_amz_date(in.now);
    const std::string credential =
        in.credential.access_key + "/" + credential_scope(amz_date.substr(0, 8), in.region, "s3");
    for (auto [name, value] :
         {std::pair<std::string, std::string>{"x-amz-algorithm", std::string(kSigV4Algorithm)},
          {"x-amz-credential", credential},
          {"x-amz-date", amz_date}}) {
      conditions.push_back(json::object{{name, value}});
      form.fields.push_back({name, value});
    }
    signing_key =
        derive_signing_key(in.credential.secret_key, amz_date.substr(0, 8), in.region, "s3");
  } else {
    form.fields.push_back({"AWSAccessKeyId", in.credential.access_key});
  }
  form.policy_json = json::serialize(
      json::object{{"expiration", core::format_iso8601(form.expires)}, {"conditions", conditions}});
  const std::string policy = crypto::base64_encode(form.policy_json);
  form.fields.push_back({"policy", policy});
  if (sigv4) {
    form.fields.push_back({"x-amz-signature", sign_v4_policy(signing_key, policy)});
  } else {
    form.fields.push_back({"signature", sign_v2_policy(in.credential.secret_key, policy)});
  }
  return form;
}

}  // namespace s3sandbox::auth
