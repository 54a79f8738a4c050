#include "auth/hmac_sha1.hpp"

#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::auth {

std::string hmac_sha1(std::string_view key, std::string_view data) {
  constexpr std::size_t kBlock = 64;
  std::string k = key.size() > kBlock ? crypto::sha1(key) : std::string(key);
  k.resize(kBlock, '\0');
  std::string inner(kBlock, '\0'), outer(kBlock, '\0');
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  return crypto::sha1(outer + crypto::sha1(inner + std::string(data)));
}

}  // namespace s3sandbox::auth
