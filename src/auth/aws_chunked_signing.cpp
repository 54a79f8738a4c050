#include "auth/aws_chunked_signing.hpp"

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::auth {
namespace {

// hex(sha256("")): the chunk string to sign keeps a slot for a header hash that is always empty.
constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string join_lines(std::string_view algorithm, const ChunkSigning& signing,
                       std::string_view previous_signature) {
  std::string s;
  s.reserve(algorithm.size() + signing.amz_date.size() + signing.scope.size() +
            previous_signature.size() + 2 * 64 + 8);
  s.append(algorithm).append("\n");
  s.append(signing.amz_date).append("\n");
  s.append(signing.scope).append("\n");
  s.append(previous_signature).append("\n");
  return s;
}

}  // namespace

std::string chunk_string_to_sign(const ChunkSigning& signing, std::string_view previous_signature,
                                 std::string_view chunk_sha256_hex) {
  std::string s = join_lines("AWS4-HMAC-SHA256-PAYLOAD", signing, previous_signature);
  s.append(kEmptySha256).append("\n").append(chunk_sha256_hex);
  return s;
}

std::string chunk_signature(const ChunkSigning& signing, std::string_view previous_signature,
                            std::string_view chunk_sha256_hex) {
  return sign_hex(signing.signing_key,
                  chunk_string_to_sign(signing, previous_signature, chunk_sha256_hex));
}

std::string canonical_trailers(const std::vector<TrailerField>& trailers) {
  std::string s;
  for (const auto& t : trailers) s.append(t.name).append(":").append(t.value).append("\n");
  return s;
}

std::string trailer_string_to_sign(const ChunkSigning& signing, std::string_view previous_signature,
                                   std::string_view canonical_trailers) {
  std::string s = join_lines("AWS4-HMAC-SHA256-TRAILER", signing, previous_signature);
  s.append(crypto::sha256_hex(canonical_trailers));
  return s;
}

std::string trailer_signature(const ChunkSigning& signing, std::string_view previous_signature,
                              std::string_view canonical_trailers) {
  return sign_hex(signing.signing_key,
                  trailer_string_to_sign(signing, previous_signature, canonical_trailers));
}

}  // namespace s3sandbox::auth
