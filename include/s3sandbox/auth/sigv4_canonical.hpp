// SigV4 canonicalization for S3, as pure functions: canonical URI, canonical query, the canonical
// request and string to sign (one builder), signing key and signature. Percent-decoding and AWS
// URI encoding are core's (s3sandbox/core/uri.hpp).
//
// Contract: S3 canonical URIs are the raw path decoded once and re-encoded once with AWS URI
// encoding; they are never normalized (`//`, `./`, `../` are kept), because S3 keys may contain
// them. Inputs are the request as received (percent-encoded path, headers) and its query as the
// router parsed it.
// Thread safety: pure functions, reentrant.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/query.hpp"
#include "s3sandbox/core/request.hpp"

namespace s3sandbox::auth {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// The raw path decoded once and re-encoded once with AWS URI encoding, '/' kept ("" becomes
// "/"). Never normalized. A malformed escape is kept as received (the router has refused such
// paths before any signature is checked; this never fails).
std::string canonical_uri(std::string_view raw_path);
// RFC 3986 dot-segment removal and `//` collapsing, for services other than S3 (the signing test
// suite's normalize=true cases). S3 never uses it.
std::string normalized_canonical_uri(std::string_view raw_path);

// The query as signed: each parameter's signed_name and signed_value ('+' kept) AWS-encoded,
// sorted by name then value, `name=` for empty values, joined with '&'; X-Amz-Signature left
// out when `exclude_signature`. `params` is the query the router parsed (core::parse_query).
std::string canonical_query(std::span<const core::QueryParam> params, bool exclude_signature);

// A header value trimmed, with each inner run of whitespace (spaces, tabs, folded line breaks)
// replaced by one space.
std::string canonical_header_value(std::string_view value);

std::string join_signed_headers(const std::vector<std::string>& signed_names);

// Everything a SigV4 signature covers, as views of the request (nothing copied).
struct SigV4Inputs {
  std::string_view method;
  std::string_view canonical_uri;            // canonical_uri()
  std::string_view canonical_query;          // canonical_query()
  const std::vector<core::Header>& headers;  // as received, looked up case-insensitively
  // Lower-case, in the order the client listed them (S3 clients sort them). A header sent more
  // than once is signed as its values joined with ',' in the order received.
  const std::vector<std::string>& signed_headers;
  std::string_view payload_hash;  // hex, UNSIGNED-PAYLOAD or a STREAMING-* value
  std::string_view amz_date;      // 20130524T000000Z
  std::string_view scope;         // credential_scope()
};

// The one builder of SigV4's canonical request and string to sign: writes them into the
// caller's buffers (cleared first, their capacity reused). The per-request check runs it on
// per-thread buffers, so a verified request allocates nothing here; a refusal runs it into the
// strings S3's error fields show, and the diagnosis on variants of the request. A signed header
// the request did not send is canonicalized with an empty value and, when `missing` is given,
// appended to it.
void build_sigv4_string_to_sign(const SigV4Inputs& in, std::string& canonical_request,
                                std::string& string_to_sign,
                                std::vector<std::string>* missing = nullptr);

// "20130524/us-east-1/s3/aws4_request"
std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service);

// Raw 32-byte key: HMAC chain over "AWS4"+secret, date, region, service, "aws4_request".
std::string derive_signing_key(std::string_view secret, std::string_view date,
                               std::string_view region, std::string_view service);
// Lower-case hex HMAC-SHA256 of the string to sign.
std::string sign_hex(std::string_view signing_key, std::string_view string_to_sign);

// "47 45 54 0a ..." as S3 renders StringToSignBytes / CanonicalRequestBytes.
std::string spaced_hex_bytes(std::string_view s);

}  // namespace s3sandbox::auth
