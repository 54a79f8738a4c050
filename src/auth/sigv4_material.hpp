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

}  // namespace s3sandbox::auth
