#include "test_signer.hpp"

#include <algorithm>
#include <cstdlib>

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth::testing {

core::TimePoint at(const char* amz_date) {
  auto t = core::parse_amz_date(amz_date);
  if (!t) std::abort();
  return *t;
}

namespace {

void finish_target(core::RequestView& r) {
  r.target = r.query.empty() ? r.path : r.path + "?" + r.query;
}

std::vector<std::string> signed_names(const Spec& spec, bool header_auth) {
  std::vector<std::string> names = {"host"};
  for (const auto& [name, value] : spec.headers) names.push_back(name);
  if (header_auth) {
    names.push_back("x-amz-content-sha256");
    names.push_back("x-amz-date");
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string scope_of(const Spec& spec) {
  return credential_scope(spec.amz_date.substr(0, 8), spec.region, "s3");
}

std::string signature_for(const Spec& spec, const core::RequestView& r,
                          const std::vector<std::string>& names, const std::string& payload,
                          bool presigned) {
  const std::string uri = canonical_uri(r.path);
  const std::string query = canonical_query_of(r.query, presigned);
  const std::string scope = scope_of(spec);
  std::string canonical_request, string_to_sign;
  build_sigv4_string_to_sign(
      {r.method, uri, query, r.headers, names, payload, spec.amz_date, scope}, canonical_request,
      string_to_sign);
  std::string key =
      derive_signing_key(spec.secret_key, spec.amz_date.substr(0, 8), spec.region, "s3");
  return sign_hex(key, string_to_sign);
}

}  // namespace

core::RequestView presign_v4(const Spec& spec) {
  core::RequestView r;
  r.method = spec.method;
  r.path = spec.path;
  r.headers.push_back({"Host", spec.host});
  for (const auto& [name, value] : spec.headers) r.headers.push_back({name, value});
  std::vector<std::string> names = signed_names(spec, false);
  std::string q = spec.query.empty() ? "" : spec.query + "&";
  q += "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" +
       core::uri_encode(spec.access_key + "/" + scope_of(spec)) + "&X-Amz-Date=" + spec.amz_date +
       "&X-Amz-Expires=" + std::to_string(spec.expires) +
       "&X-Amz-SignedHeaders=" + core::uri_encode(join_signed_headers(names));
  r.query = q;
  r.query += "&X-Amz-Signature=" + signature_for(spec, r, names, "UNSIGNED-PAYLOAD", true);
  finish_target(r);
  return r;
}

core::RequestView sign_v4_header(const Spec& spec) {
  core::RequestView r;
  r.method = spec.method;
  r.path = spec.path;
  r.query = spec.query;
  r.headers.push_back({"Host", spec.host});
  for (const auto& [name, value] : spec.headers) r.headers.push_back({name, value});
  r.headers.push_back({"X-Amz-Date", spec.amz_date});
  r.headers.push_back({"X-Amz-Content-SHA256", spec.payload_hash});
  std::vector<std::string> names = signed_names(spec, true);
  std::string sig = signature_for(spec, r, names, spec.payload_hash, false);
  r.headers.push_back({"Authorization",
                       "AWS4-HMAC-SHA256 Credential=" + spec.access_key + "/" + scope_of(spec) +
                           ", SignedHeaders=" + join_signed_headers(names) + ", Signature=" + sig});
  finish_target(r);
  return r;
}

core::RequestView presign_v2(const Spec& spec, long long expires_epoch) {
  core::RequestView r;
  r.method = spec.method;
  r.path = spec.path;
  r.headers.push_back({"Host", spec.host});
  std::string sts = spec.method + "\n\n\n" + std::to_string(expires_epoch) + "\n" + spec.path;
  std::string sig = crypto::base64_encode(crypto::hmac_sha1(spec.secret_key, sts));
  r.query = "AWSAccessKeyId=" + spec.access_key + "&Signature=" + core::uri_encode(sig) +
            "&Expires=" + std::to_string(expires_epoch);
  finish_target(r);
  return r;
}

core::RequestView sign_v2_header(const Spec& spec, const std::string& http_date) {
  core::RequestView r;
  r.method = spec.method;
  r.path = spec.path;
  r.headers.push_back({"Host", spec.host});
  r.headers.push_back({"Date", http_date});
  std::string sts = spec.method + "\n\n\n" + http_date + "\n" + spec.path;
  std::string sig = crypto::base64_encode(crypto::hmac_sha1(spec.secret_key, sts));
  r.headers.push_back({"Authorization", "AWS " + spec.access_key + ":" + sig});
  finish_target(r);
  return r;
}

void set_header(core::RequestView& r, const std::string& name, const std::string& value) {
  for (core::Header& h : r.headers) {
    if (core::iequals(h.name, name)) {
      h.value = value;
      return;
    }
  }
  r.headers.push_back({name, value});
}

void remove_header(core::RequestView& r, const std::string& name) {
  std::erase_if(r.headers, [&](const core::Header& h) { return core::iequals(h.name, name); });
}

void set_query_param(core::RequestView& r, const std::string& name, const std::string& raw_value) {
  std::string out;
  bool replaced = false;
  std::string_view rest = r.query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string item(rest.substr(0, amp));
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (item.substr(0, item.find('=')) == name) {
      item = name + "=" + raw_value;
      replaced = true;
    }
    out += (out.empty() ? "" : "&") + item;
  }
  if (!replaced) out += (out.empty() ? "" : "&") + name + "=" + raw_value;
  r.query = out;
  finish_target(r);
}

AuthOptions options_with_default_key(AuthMode mode) {
  AuthOptions o;
  o.credentials.add({kAk, kSk});
  o.mode = mode;
  return o;
}

core::Result<AuthResult> authenticate(const Authenticator& auth, const core::RequestView& r,
                                      AuthContext context) {
  auto query = core::parse_query(r.query);
  if (!query) return query.error();
  context.query = query->params;
  return auth.authenticate(r, context);
}

std::string canonical_query_of(std::string_view raw_query, bool exclude_signature) {
  auto query = core::parse_query(raw_query);
  if (!query) std::abort();
  return canonical_query(query->params, exclude_signature);
}

std::string field(const core::S3Error& e, const std::string& name) {
  for (const auto& [k, v] : e.fields) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace s3sandbox::auth::testing
