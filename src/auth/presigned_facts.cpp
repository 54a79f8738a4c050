#include "s3sandbox/auth/presigned_facts.hpp"

#include <algorithm>
#include <charconv>

#include "auth/query_params.hpp"
#include "auth/sigv2.hpp"
#include "auth/sigv4_parse.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::auth {
namespace {

std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string value_of(QueryParams query, std::string_view name) {
  const core::QueryParam* p = find_param(query, name);
  return p ? std::string(p->signed_value) : std::string();
}

void read_sigv4(QueryParams query, PresignedFacts& f) {
  f.version = PresignVersion::kSigV4;
  f.algorithm = value_of(query, "X-Amz-Algorithm");
  const std::string credential = value_of(query, "X-Amz-Credential");
  if (auto scope = split_credential(credential)) {
    f.access_key = scope->access_key;
    f.scope_date = scope->date;
    f.region = scope->region;
    f.service = scope->service;
  } else {
    f.access_key = credential.substr(0, credential.find('/'));
  }
  f.signed_headers = split_signed_headers(value_of(query, "X-Amz-SignedHeaders"));
  f.amz_date = value_of(query, "X-Amz-Date");
  f.signed_at = core::parse_amz_date(f.amz_date);
  f.expires_seconds = integer(value_of(query, "X-Amz-Expires"));
  if (f.signed_at && f.expires_seconds) {
    f.expires_at = *f.signed_at + std::chrono::seconds(*f.expires_seconds);
  }
  if (const core::QueryParam* sha = find_param(query, "X-Amz-Content-Sha256")) {
    f.content_sha256 = std::string(sha->signed_value);
  }
  f.security_token = find_param(query, "X-Amz-Security-Token") != nullptr;
  // The server's own parser says what S3 answers about these parameters.
  if (auto parsed = parse_presigned_v4(query); !parsed) f.malformed = parsed.error();
}

void read_sigv2(QueryParams query, PresignedFacts& f) {
  f.version = PresignVersion::kSigV2;
  f.algorithm = "HmacSHA1";
  f.access_key = value_of(query, "AWSAccessKeyId");
  f.security_token = find_param(query, "x-amz-security-token") != nullptr;
  if (auto epoch = integer(value_of(query, "Expires"))) {
    // A TimePoint ends in 2262: clamp as the verifier does (sigv2.cpp).
    constexpr std::int64_t kLatest = 7'000'000'000;
    f.expires_at = core::TimePoint(std::chrono::seconds(std::clamp(*epoch, -kLatest, kLatest)));
  }
  if (!find_param(query, "AWSAccessKeyId") || !find_param(query, "Signature") || !f.expires_at) {
    f.malformed = core::S3Error(core::ErrorCode::kAccessDenied,
                                "Query-string authentication requires the Signature, Expires and "
                                "AWSAccessKeyId parameters");
  }
}

}  // namespace

PresignedFacts read_presigned(std::span<const core::QueryParam> query) {
  PresignedFacts f;
  if (is_presigned_v4(query)) {
    read_sigv4(query, f);
  } else if (is_presigned_v2(query)) {
    read_sigv2(query, f);
  }
  return f;
}

}  // namespace s3sandbox::auth
