#include "auth/sigv4_material.hpp"

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {

SigV4Computation compute_sigv4(const SigV4Inputs& in, std::string_view signing_key) {
  SigV4Computation out;
  build_sigv4_string_to_sign(in, out.canonical_request, out.string_to_sign, &out.missing_headers);
  out.signature = sign_hex(signing_key, out.string_to_sign);
  return out;
}

bool sigv4_signature_matches(const SigV4Inputs& in, std::string_view signing_key,
                             std::string_view provided) {
  constexpr std::size_t kHexSize = 2 * crypto::kSha256Size;
  if (provided.size() != kHexSize) return false;
  // Reused per thread: capacity grows to the largest request seen (bounded by the header limit).
  thread_local std::string canonical;
  thread_local std::string to_sign;
  build_sigv4_string_to_sign(in, canonical, to_sign);

  unsigned char mac[crypto::kSha256Size];
  crypto::hmac_sha256_into(signing_key, to_sign, mac);
  char expected[kHexSize];
  crypto::hex_encode_into(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac),
                          expected);
  char given[kHexSize];
  for (std::size_t i = 0; i < kHexSize; ++i) {
    const char c = provided[i];
    given[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return crypto::constant_time_equal(std::string_view(expected, kHexSize),
                                     std::string_view(given, kHexSize));
}

}  // namespace s3sandbox::auth
