// What the URL's query carries besides the signature: the headers the signature covers and what
// to send for each, the checksum parameters (and whether they are the empty body's), and the
// response-* overrides.
#include <algorithm>

#include "explain/parts.hpp"
#include "s3sandbox/crypto/checksum.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::explain {
namespace {

// The SigV4 presign parameters themselves: not headers hoisted into the query.
constexpr std::string_view kSigV4Parameters[] = {
    "x-amz-algorithm",     "x-amz-credential", "x-amz-date",           "x-amz-expires",
    "x-amz-signedheaders", "x-amz-signature",  "x-amz-security-token", "x-amz-content-sha256"};

bool is_presign_parameter(std::string_view lower_name) {
  return std::find(std::begin(kSigV4Parameters), std::end(kSigV4Parameters), lower_name) !=
         std::end(kSigV4Parameters);
}

std::optional<std::string> given_header(const Context& c, std::string_view name) {
  for (const core::Header& h : c.input.headers) {
    if (core::iequals(h.name, name)) return h.value;
  }
  return std::nullopt;
}

void sigv4_signed_headers(const Context& c, Report& r) {
  for (const std::string& name : c.facts.signed_headers) {
    SignedHeader h{name, std::nullopt, "", true};
    if (name == "host") {
      h.value = r.host;
      h.source = given_header(c, "host") ? "given" : "url";
    } else if (auto given = given_header(c, name)) {
      h.value = *given;
      h.source = "given";
    } else if (const core::QueryParam* p = query_param(c, name)) {
      h.value = std::string(p->signed_value);
      h.source = "query";
    }
    r.signed_headers.push_back(std::move(h));
  }
  // x-amz-* headers the signer hoisted into the query: signed there, nothing to send. Sending
  // them as headers too would be refused (every x-amz-* header sent must be in SignedHeaders).
  for (const core::QueryParam& p : c.op.query) {
    std::string name = core::to_lower(p.signed_name);
    if (!name.starts_with("x-amz-") || is_presign_parameter(name)) continue;
    if (std::find(c.facts.signed_headers.begin(), c.facts.signed_headers.end(), name) !=
        c.facts.signed_headers.end()) {
      continue;
    }
    r.signed_headers.push_back({name, std::string(p.signed_value), "query", false});
  }
}

// SigV2 signs Content-Type and Content-MD5 from the request's headers (empty when not sent) and
// every x-amz-* header; botocore copies the values it signed into the query.
void sigv2_signed_headers(const Context& c, Report& r) {
  for (std::string_view name : {"content-type", "content-md5"}) {
    if (const core::QueryParam* p = query_param(c, name)) {
      r.signed_headers.push_back({std::string(name), std::string(p->signed_value), "query", true});
    } else {
      // Signed as empty: the request must not send it.
      r.signed_headers.push_back({std::string(name), std::string(), "signed-empty", false});
    }
  }
  for (const core::QueryParam& p : c.op.query) {
    std::string name = core::to_lower(p.signed_name);
    if (name.starts_with("x-amz-")) {
      r.signed_headers.push_back({name, std::string(p.signed_value), "query", false});
    }
  }
}

std::string empty_body_value(std::string_view lower_name) {
  if (auto algorithm = crypto::checksum_from_header(lower_name)) {
    return crypto::checksum_base64(*algorithm, "");
  }
  if (lower_name == "x-amz-content-sha256") return crypto::sha256_hex("");
  if (lower_name == "content-md5") return crypto::base64_encode(crypto::md5(""));
  return {};
}

bool is_checksum_parameter(std::string_view lower_name) {
  return crypto::checksum_from_header(lower_name) || lower_name == "x-amz-content-sha256" ||
         lower_name == "content-md5" || lower_name == "x-amz-sdk-checksum-algorithm" ||
         lower_name == "x-amz-checksum-algorithm";
}

}  // namespace

void describe_query(const Context& c, Report& r) {
  if (c.facts.version == auth::PresignVersion::kSigV4) sigv4_signed_headers(c, r);
  if (c.facts.version == auth::PresignVersion::kSigV2) sigv2_signed_headers(c, r);
  for (const core::QueryParam& p : c.op.query) {
    std::string name = core::to_lower(p.signed_name);
    if (is_checksum_parameter(name)) {
      std::string empty = empty_body_value(name);
      bool is_empty =
          !empty.empty() && (name == "x-amz-content-sha256" ? core::iequals(p.signed_value, empty)
                                                            : p.signed_value == empty);
      r.checksums.push_back({name, std::string(p.signed_value), is_empty});
    }
    if (name.starts_with("response-")) {
      r.response_overrides.emplace_back(name, std::string(p.value));
    }
  }
}

}  // namespace s3sandbox::explain
