#include "auth/sigv4_material.hpp"

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

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

bool sigv4_signature_matches(const SigV4Inputs& in, std::string_view signing_key,
                             std::string_view provided) {
  constexpr std::size_t kHexSize = 2 * crypto::kSha256Size;
  if (provided.size() != kHexSize) return false;
  // Reused per thread: capacity grows to the largest request seen (bounded by the header limit).
  thread_local std::string canonical;
  thread_local std::string to_sign;

  canonical.clear();
  canonical.append(in.method).append(1, '\n');
  canonical.append(in.canonical_uri).append(1, '\n');
  canonical.append(in.canonical_query).append(1, '\n');
  for (const std::string& name : in.signed_headers) {
    canonical.append(name).append(1, ':');
    bool found = false;
    for (const core::Header& h : in.headers) {
      if (!core::iequals(h.name, name)) continue;
      if (found) canonical += ',';
      append_canonical_header_value(canonical, h.value);
      found = true;
    }
    canonical += '\n';
  }
  canonical += '\n';
  for (std::size_t i = 0; i < in.signed_headers.size(); ++i) {
    if (i > 0) canonical += ';';
    canonical.append(in.signed_headers[i]);
  }
  canonical.append(1, '\n').append(in.payload_hash);

  unsigned char digest[crypto::kSha256Size];
  crypto::sha256_into(canonical, digest);
  to_sign.clear();
  to_sign.append(kSigV4Algorithm).append(1, '\n');
  to_sign.append(in.amz_date).append(1, '\n');
  to_sign.append(in.scope).append(1, '\n');
  const std::size_t hex_at = to_sign.size();
  to_sign.resize(hex_at + kHexSize);
  crypto::hex_encode_into(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest),
                          to_sign.data() + hex_at);

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
