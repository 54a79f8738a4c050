// SigV4Material: everything a SigV4 signature covers, gathered from one request, so the same
// computation serves verification, the SignatureDoesNotMatch fields and the diagnosis (which
// recomputes it with one element changed: host, method, path).
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::auth {

struct SigV4Material {
  std::string method;
  std::string canonical_uri;
  std::string canonical_query;
  std::vector<core::Header> headers;
  std::vector<std::string> signed_headers;
  std::string payload_hash;
  std::string amz_date;
  std::string scope;
};

struct SigV4Computation {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // lower-case hex
  std::vector<std::string> missing_headers;
};

SigV4Computation compute_sigv4(const SigV4Material& m, std::string_view signing_key);

// Views of what a signature covers, for the check every request makes (no copies).
struct SigV4Inputs {
  std::string_view method;
  std::string_view canonical_uri;
  std::string_view canonical_query;
  const std::vector<core::Header>& headers;
  const std::vector<std::string>& signed_headers;
  std::string_view payload_hash;
  std::string_view amz_date;
  std::string_view scope;
};

// True when `provided` (hex, either case) is the signature of `in` under `signing_key`. The
// canonical request and string to sign are built in per-thread buffers and compared in constant
// time: the same answer as compute_sigv4 (checked over the whole signing suite) without its
// strings, which only the refusal path needs (S3's error fields and the diagnosis).
bool sigv4_signature_matches(const SigV4Inputs& in, std::string_view signing_key,
                             std::string_view provided);

}  // namespace s3sandbox::auth
