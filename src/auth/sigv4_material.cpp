#include "auth/sigv4_material.hpp"

#include "s3sandbox/auth/sigv4_canonical.hpp"

namespace s3sandbox::auth {

SigV4Computation compute_sigv4(const SigV4Material& m, std::string_view signing_key) {
  SigV4Computation out;
  CanonicalHeaders headers = canonical_headers(m.headers, m.signed_headers);
  std::string signed_list = join_signed_headers(m.signed_headers);
  out.canonical_request = canonical_request({m.method, m.canonical_uri, m.canonical_query,
                                             headers.text, signed_list, m.payload_hash});
  out.string_to_sign = string_to_sign(m.amz_date, m.scope, out.canonical_request);
  out.signature = sign_hex(signing_key, out.string_to_sign);
  out.missing_headers = std::move(headers.missing);
  return out;
}

}  // namespace s3sandbox::auth
