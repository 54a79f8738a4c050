#include "auth/sigv4_parse.hpp"

#include <array>
#include <charconv>

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::auth {
namespace {

using core::ErrorCode;
using core::S3Error;

constexpr std::string_view kHeaderMalformed = "The authorization header is malformed; ";
constexpr std::string_view kCredentialShape =
    "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/"
    "aws4_request\".";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

S3Error header_malformed(std::string_view detail) {
  return S3Error(ErrorCode::kAuthorizationHeaderMalformed,
                 std::string(kHeaderMalformed) + std::string(detail));
}

S3Error query_error(std::string message) {
  return S3Error(ErrorCode::kAuthorizationQueryParametersError, std::move(message));
}

}  // namespace

std::vector<std::string> split_signed_headers(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    auto semi = list.find(';');
    std::string_view name = trim(list.substr(0, semi));
    list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
    if (!name.empty()) out.push_back(core::to_lower(name));
  }
  return out;
}

std::optional<SigV4Credential> split_credential(std::string_view credential) {
  std::array<std::string_view, 5> parts;
  std::size_t count = 0;
  std::string_view rest = credential;
  while (true) {
    auto slash = rest.find('/');
    if (count == parts.size()) return std::nullopt;  // more than five
    parts[count++] = rest.substr(0, slash);
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  if (count != parts.size()) return std::nullopt;
  for (std::string_view p : parts) {
    if (p.empty()) return std::nullopt;
  }
  return SigV4Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3]), std::string(parts[4])};
}

core::Result<SigV4Authorization> parse_authorization_v4(std::string_view value) {
  value = trim(value);
  if (value.substr(0, kSigV4Algorithm.size()) != kSigV4Algorithm) {
    return header_malformed(
        "the authorization header requires three components: Credential, "
        "SignedHeaders, and Signature.");
  }
  std::string_view rest = value.substr(kSigV4Algorithm.size());
  std::optional<std::string_view> credential, signed_headers, signature;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = trim(item.substr(0, eq));
    std::string_view val = trim(item.substr(eq + 1));
    if (key == "Credential") credential = val;
    if (key == "SignedHeaders") signed_headers = val;
    if (key == "Signature") signature = val;
  }
  if (!credential || !signed_headers || !signature) {
    return header_malformed(
        "the authorization header requires three components: Credential, "
        "SignedHeaders, and Signature.");
  }
  auto cred = split_credential(*credential);
  if (!cred) return header_malformed(kCredentialShape);
  SigV4Authorization out;
  out.credential = std::move(*cred);
  out.signed_headers = split_signed_headers(*signed_headers);
  out.signature = std::string(*signature);
  return out;
}

bool is_presigned_v4(QueryParams params) {
  for (const core::QueryParam& p : params) {
    if (p.signed_name == "X-Amz-Algorithm" || p.signed_name == "X-Amz-Credential" ||
        p.signed_name == "X-Amz-Signature") {
      return true;
    }
  }
  return false;
}

core::Result<SigV4Presigned> parse_presigned_v4(QueryParams params) {
  const core::QueryParam* algorithm = find_param(params, "X-Amz-Algorithm");
  const core::QueryParam* credential = find_param(params, "X-Amz-Credential");
  const core::QueryParam* signature = find_param(params, "X-Amz-Signature");
  const core::QueryParam* date = find_param(params, "X-Amz-Date");
  const core::QueryParam* signed_headers = find_param(params, "X-Amz-SignedHeaders");
  const core::QueryParam* expires = find_param(params, "X-Amz-Expires");
  if (!algorithm || !credential || !signature || !date || !signed_headers || !expires) {
    return query_error(
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
        "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  }
  if (algorithm->signed_value != kSigV4Algorithm) {
    return query_error("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  SigV4Presigned out;
  auto cred = split_credential(credential->signed_value);
  if (!cred) {
    return query_error("Error parsing the X-Amz-Credential parameter; " +
                       std::string(kCredentialShape));
  }
  out.credential = std::move(*cred);
  auto when = core::parse_amz_date(date->signed_value);
  if (!when) {
    return query_error("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  out.amz_date = date->signed_value;
  out.date = *when;
  const std::string_view ev = expires->signed_value;
  std::int64_t seconds = 0;
  auto [end, ec] = std::from_chars(ev.data(), ev.data() + ev.size(), seconds);
  if (ev.empty() || ec != std::errc() || end != ev.data() + ev.size()) {
    return query_error("X-Amz-Expires should be a number");
  }
  if (seconds < 0) return query_error("X-Amz-Expires must be non-negative");
  if (seconds > kMaxPresignExpires) {
    return query_error(
        "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires "
        "must be less than 604800 seconds");
  }
  out.expires = seconds;
  out.signed_headers = split_signed_headers(signed_headers->signed_value);
  out.signature = signature->signed_value;
  if (const core::QueryParam* token = find_param(params, "X-Amz-Security-Token")) {
    out.security_token = token->signed_value;
  }
  if (const core::QueryParam* sha = find_param(params, "X-Amz-Content-Sha256")) {
    out.content_sha256 = sha->signed_value;
  }
  return out;
}

}  // namespace s3sandbox::auth
