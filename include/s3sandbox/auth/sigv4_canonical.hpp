// SigV4 canonicalization for S3, as pure functions: URI encoding, canonical URI, canonical query,
// canonical headers, canonical request, string to sign, signing key and signature.
//
// Contract: S3 canonical URIs are the raw path decoded once and re-encoded once with AWS URI
// encoding; they are never normalized (`//`, `./`, `../` are kept), because S3 keys may contain
// them. Inputs are the request as received (percent-encoded path and query). Headers are looked
// up case-insensitively; a signed header the request did not send is reported in
// `CanonicalHeaders::missing` and canonicalized with an empty value.
// Thread safety: pure functions, reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::auth {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// %XX sequences decoded; malformed ones kept literally. '+' is kept as '+'.
std::string percent_decode(std::string_view s);
// The same written at `w` (room for s.size() bytes: decoding never lengthens); returns the end.
char* percent_decode_into(char* w, std::string_view s);
// AWS URI encoding: unreserved (A-Z a-z 0-9 - _ . ~) kept, every other byte as %XX (upper case);
// '/' kept unless `encode_slash`.
std::string aws_uri_encode(std::string_view bytes, bool encode_slash);

// The raw path decoded once and re-encoded once ("" becomes "/"). Never normalized.
std::string canonical_uri(std::string_view raw_path);
// RFC 3986 dot-segment removal and `//` collapsing, for services other than S3 (the signing test
// suite's normalize=true cases). S3 never uses it.
std::string normalized_canonical_uri(std::string_view raw_path);

// Names and values decoded then AWS-encoded, sorted by name then value; `name=` for empty
// values; X-Amz-Signature left out when `exclude_signature`.
std::string canonical_query(std::string_view raw_query, bool exclude_signature);

// A header value trimmed, with each inner run of whitespace (spaces, tabs, folded line breaks)
// replaced by one space.
std::string canonical_header_value(std::string_view value);
// The same, appended to `out`.
void append_canonical_header_value(std::string& out, std::string_view value);

struct CanonicalHeaders {
  std::string text;                  // "name:value\n" per signed header, in the given order
  std::vector<std::string> missing;  // signed header names the request did not send
};

// `signed_names` are lower-case, in the order the client listed them (S3 clients sort them).
// Repeated headers are joined with ',' in the order received.
CanonicalHeaders canonical_headers(const std::vector<core::Header>& headers,
                                   const std::vector<std::string>& signed_names);

std::string join_signed_headers(const std::vector<std::string>& signed_names);

struct CanonicalRequestParts {
  std::string_view method;
  std::string_view canonical_uri;
  std::string_view canonical_query;
  std::string_view canonical_headers;  // with its trailing '\n' per header
  std::string_view signed_headers;     // "host;x-amz-date"
  std::string_view payload_hash;       // hex, UNSIGNED-PAYLOAD or a STREAMING-* value
};
std::string canonical_request(const CanonicalRequestParts& parts);

// "20130524/us-east-1/s3/aws4_request"
std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service);
std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request);

// Raw 32-byte key: HMAC chain over "AWS4"+secret, date, region, service, "aws4_request".
std::string derive_signing_key(std::string_view secret, std::string_view date,
                               std::string_view region, std::string_view service);
// Lower-case hex HMAC-SHA256 of the string to sign.
std::string sign_hex(std::string_view signing_key, std::string_view string_to_sign);

// "47 45 54 0a ..." as S3 renders StringToSignBytes / CanonicalRequestBytes.
std::string spaced_hex_bytes(std::string_view s);

}  // namespace s3sandbox::auth
