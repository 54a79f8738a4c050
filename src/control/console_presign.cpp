#include "s3sandbox/control/console_presign.hpp"

#include <algorithm>

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/core/uri.hpp"

namespace s3sandbox::control {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

void append_param(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) query += '&';
  core::append_uri_encoded(query, name);
  query += '=';
  core::append_uri_encoded(query, value);
}

}  // namespace

std::string presign_path(const PresignRequest& request, const auth::Credential& credential,
                         std::string_view region, core::TimePoint now) {
  std::string path = "/";
  if (!request.bucket.empty()) {
    core::append_uri_encoded(path, request.bucket);
    if (!request.key.empty()) {
      path += '/';
      core::append_uri_encoded(path, request.key, {.keep_slash = true});
    }
  }
  const std::string amz_date = core::format_amz_date(now);
  const std::string date = amz_date.substr(0, 8);
  const std::string scope = auth::credential_scope(date, region, "s3");

  std::vector<core::Header> headers{{"host", request.host}};
  std::vector<std::string> signed_names{"host"};
  for (const auto& [name, value] : request.headers) {
    headers.push_back({lower(name), value});
    signed_names.push_back(lower(name));
  }
  std::sort(signed_names.begin(), signed_names.end());
  signed_names.erase(std::unique(signed_names.begin(), signed_names.end()), signed_names.end());

  std::string query;
  for (const auto& [name, value] : request.query) append_param(query, name, value);
  append_param(query, "X-Amz-Algorithm", auth::kSigV4Algorithm);
  append_param(query, "X-Amz-Credential", credential.access_key + "/" + scope);
  append_param(query, "X-Amz-Date", amz_date);
  append_param(query, "X-Amz-Expires", std::to_string(request.expires.count()));
  append_param(query, "X-Amz-SignedHeaders", auth::join_signed_headers(signed_names));

  // The canonical forms are the verifier's own functions, fed the query as the router parses it.
  auto parsed = core::parse_query(query);
  const std::string canonical_query =
      parsed ? auth::canonical_query(parsed->params, true) : std::string();
  const std::string canonical_uri = auth::canonical_uri(path);
  std::string canonical_request;
  std::string string_to_sign;
  auth::build_sigv4_string_to_sign({request.method, canonical_uri, canonical_query, headers,
                                    signed_names, auth::kUnsignedPayload, amz_date, scope},
                                   canonical_request, string_to_sign);
  const std::string key = auth::derive_signing_key(credential.secret_key, date, region, "s3");
  append_param(query, "X-Amz-Signature", auth::sign_hex(key, string_to_sign));
  return path + "?" + query;
}

}  // namespace s3sandbox::control
