// SigV4Material: everything a SigV4 signature covers, gathered from one request and owned, so the
// refusal path can show S3's error fields and the diagnosis can recompute the signature with one
// element changed (host, method, path). Both the per-request check and these computations build
// the canonical request with the one builder, build_sigv4_string_to_sign (sigv4_canonical.hpp).
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/auth/sigv4_canonical.hpp"
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

  SigV4Inputs inputs() const {
    return {method,         canonical_uri, canonical_query, headers,
            signed_headers, payload_hash,  amz_date,        scope};
  }
};

struct SigV4Computation {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // lower-case hex
  std::vector<std::string> missing_headers;
};

// The canonical request, string to sign and signature as strings, for S3's error fields.
SigV4Computation compute_sigv4(const SigV4Inputs& in, std::string_view signing_key);
inline SigV4Computation compute_sigv4(const SigV4Material& m, std::string_view signing_key) {
  return compute_sigv4(m.inputs(), signing_key);
}

// True when `provided` (hex, either case) is the signature of `in` under `signing_key`, compared
// in constant time. The check every signed request runs: the canonical request and string to
// sign are built in per-thread buffers, so once they have grown it allocates nothing.
bool sigv4_signature_matches(const SigV4Inputs& in, std::string_view signing_key,
                             std::string_view provided);

}  // namespace s3sandbox::auth
