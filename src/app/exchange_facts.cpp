// The request journal's facts that are read from the request itself: the redacted target, the
// authentication's kind, access key, signed headers and expiry (read from what the client sent,
// so that a refused request is described as fully as an accepted one), and the checksums the
// request promised.
#include "exchange_facts.hpp"

#include <charconv>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {
namespace {

std::string_view param(const router::Operation& op, std::string_view name) {
  const router::QueryParam* p = op.param(name);
  return p == nullptr ? std::string_view() : p->value;
}

// "AKID/20130524/us-east-1/s3/aws4_request" -> "AKID".
std::string_view before_slash(std::string_view credential) {
  return credential.substr(0, credential.find('/'));
}

// The value of `name=` in an Authorization header's comma-separated list ("" when absent).
std::string_view auth_field(std::string_view header, std::string_view name) {
  for (std::size_t at = header.find(name); at != std::string_view::npos;
       at = header.find(name, at + 1)) {
    const bool starts = at == 0 || header[at - 1] == ' ' || header[at - 1] == ',';
    if (!starts || header.substr(at + name.size(), 1) != "=") continue;
    std::string_view value = header.substr(at + name.size() + 1);
    return value.substr(0, value.find(','));
  }
  return {};
}

void add_listed(std::string& list, std::string_view item) {
  std::string_view rest = list;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (rest.substr(0, comma) == item) return;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (!list.empty()) list += ',';
  list.append(item);
}

// "x-amz-checksum-crc32" -> "crc32"; "" for other names and for x-amz-checksum-type/-algorithm,
// which name a kind of checksum rather than promise a value.
std::string checksum_name(std::string_view header) {
  constexpr std::string_view kPrefix = "x-amz-checksum-";
  if (header.size() <= kPrefix.size() || !core::iequals(header.substr(0, kPrefix.size()), kPrefix))
    return {};
  std::string name = core::to_lower(header.substr(kPrefix.size()));
  if (name == "type" || name == "algorithm" || name == "mode") return {};
  return name;
}

// SigV2 signs Content-MD5, Content-Type, the date (Date, or Expires for a presigned URL: `fixed`
// lists what it always covers) and every x-amz-* header sent.
std::string sigv2_signed_headers(const core::RequestView& request, std::string_view fixed) {
  std::string list(fixed);
  for (const core::Header& h : request.headers) {
    if (h.name.size() > 6 && core::iequals(std::string_view(h.name).substr(0, 6), "x-amz-")) {
      list += ';' + core::to_lower(h.name);
    }
  }
  return list;
}

}  // namespace

// The names whose values are secrets or signatures. Compared only when the length fits: most of
// a presigned URL's parameters have other lengths, so most names cost one comparison.
namespace {
bool is_redacted_name(std::string_view name) {
  switch (name.size()) {
    case 9:
      return core::iequals(name, "Signature");
    case 15:
      return core::iequals(name, "X-Amz-Signature");
    case 20:
      return core::iequals(name, "X-Amz-Security-Token");
    default:
      return false;
  }
}
}  // namespace

void append_redacted_target(std::string& out, const core::RequestView& request) {
  out.reserve(out.size() + request.path.size() + 1 + request.query.size());
  out += request.path;
  if (request.query.empty()) return;
  out += '?';
  // Copies the query in runs between the redacted values (a presigned URL has one): one append
  // per run rather than per parameter.
  const std::string_view q = request.query;
  std::size_t run = 0;  // where the text not yet copied starts
  std::size_t at = 0;   // the parameter being looked at
  while (at <= q.size()) {
    std::size_t end = q.find('&', at);
    if (end == std::string_view::npos) end = q.size();
    const std::string_view item = q.substr(at, end - at);
    const std::size_t eq = item.find('=');
    if (eq != std::string_view::npos && is_redacted_name(item.substr(0, eq))) {
      out.append(q.substr(run, at + eq + 1 - run));  // up to and with the '='
      out += "REDACTED";
      run = end;
    }
    at = end + 1;
  }
  out.append(q.substr(run));
}

void describe_operation(ExchangeFacts& facts, const router::Operation& op) {
  facts.operation = router::op_name(op.kind);
  const router::OperationRow* row = router::operation_row(op.kind);
  facts.takes_body = row != nullptr && row->body != router::BodyPolicy::kNone;
  facts.bucket = op.bucket;
  facts.key = op.key;
  facts.version_id = param(op, "versionId");
  const std::string_view part = param(op, "partNumber");
  std::int64_t number = 0;
  if (!part.empty() &&
      std::from_chars(part.data(), part.data() + part.size(), number).ec == std::errc()) {
    facts.part_number = number;
  }
}

void describe_auth(ExchangeFacts& facts, const router::Operation& op,
                   const core::RequestView& request) {
  if (op.kind == router::OpKind::kPostObject) {
    facts.auth_kind = "post-policy";  // the access key is in the form, read later
    return;
  }
  if (op.param("X-Amz-Credential") != nullptr || op.param("X-Amz-Algorithm") != nullptr) {
    facts.auth_kind = "sigv4-presigned";
    facts.access_key = before_slash(param(op, "X-Amz-Credential"));
    facts.signed_headers = param(op, "X-Amz-SignedHeaders");
    const auto signed_at = core::parse_amz_date(param(op, "X-Amz-Date"));
    const std::string_view expires = param(op, "X-Amz-Expires");
    std::int64_t seconds = 0;
    if (signed_at && std::from_chars(expires.data(), expires.data() + expires.size(), seconds).ec ==
                         std::errc()) {
      facts.expires = *signed_at + std::chrono::seconds(seconds);
    }
    return;
  }
  if (op.param("AWSAccessKeyId") != nullptr && op.param("Signature") != nullptr) {
    facts.auth_kind = "sigv2-presigned";
    facts.access_key = param(op, "AWSAccessKeyId");
    const std::string_view expires = param(op, "Expires");
    std::int64_t epoch = 0;
    if (std::from_chars(expires.data(), expires.data() + expires.size(), epoch).ec == std::errc()) {
      facts.expires = core::TimePoint(std::chrono::seconds(epoch));
    }
    facts.signed_headers = sigv2_signed_headers(request, "content-md5;content-type");
    return;
  }
  const std::string_view authorization = request.header("Authorization").value_or("");
  if (authorization.starts_with("AWS4-HMAC-SHA256")) {
    facts.auth_kind = "sigv4-header";
    facts.access_key = before_slash(auth_field(authorization, "Credential"));
    facts.signed_headers = auth_field(authorization, "SignedHeaders");
  } else if (authorization.starts_with("AWS ")) {
    facts.auth_kind = "sigv2-header";
    const std::string_view rest = authorization.substr(4);
    facts.access_key = rest.substr(0, rest.find(':'));
    facts.signed_headers = sigv2_signed_headers(request, "content-md5;content-type;date");
  } else {
    facts.auth_kind = "anonymous";
  }
}

void describe_promises(ExchangeFacts& facts, const router::Operation& op,
                       const core::RequestView& request) {
  for (const core::Header& h : request.headers) {
    if (core::iequals(h.name, "Content-MD5")) {
      add_listed(facts.checksums_promised, "md5");
    } else if (core::iequals(h.name, "x-amz-trailer")) {
      const std::string name = checksum_name(h.value);
      if (!name.empty()) add_listed(facts.checksums_promised, name);
    } else if (core::iequals(h.name, "x-amz-content-sha256")) {
      if (h.value.size() == 64) add_listed(facts.checksums_promised, "sha256-payload");
      if (h.value.starts_with("STREAMING-AWS4-HMAC-SHA256")) {
        add_listed(facts.checksums_promised, "chunk-signatures");
      }
    } else if (const std::string name = checksum_name(h.name); !name.empty()) {
      add_listed(facts.checksums_promised, name);
    }
  }
  for (const router::QueryParam& p : op.query) {  // a presigned URL's signed checksum
    if (const std::string name = checksum_name(p.name); !name.empty()) {
      add_listed(facts.checksums_promised, name);
    }
  }
}

namespace {

// Replaces the value after each "x-amz-security-token" followed by ':' (a header line) or '='
// (a query parameter), up to the line's or the parameter's end: a session token grants access.
std::string redact_tokens(std::string_view text) {
  constexpr std::string_view kName = "x-amz-security-token";
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const bool at_name = text.size() - i > kName.size() &&
                         core::iequals(text.substr(i, kName.size()), kName) &&
                         (text[i + kName.size()] == ':' || text[i + kName.size()] == '=');
    if (!at_name) {
      out += text[i++];
      continue;
    }
    const char separator = text[i + kName.size()];
    out.append(text.substr(i, kName.size() + 1));
    i += kName.size() + 1;
    while (i < text.size() && text[i] != '\n' && !(separator == '=' && text[i] == '&')) ++i;
    out += "REDACTED";
  }
  return out;
}

}  // namespace

void describe_signature_mismatch(ExchangeFacts& facts, const core::S3Error& error) {
  if (error.code != core::ErrorCode::kSignatureDoesNotMatch) return;
  for (const auto& [name, value] : error.fields) {
    if (name == "CanonicalRequest") facts.canonical_request = redact_tokens(value);
    if (name == "StringToSign") facts.string_to_sign = redact_tokens(value);
  }
}

}  // namespace s3sandbox::app
