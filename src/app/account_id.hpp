// The 12-digit AWS account id s3sandbox gives a credential: derived from its access key, so that
// it is stable across restarts and the same for every request signed with that key. Used where
// S3 compares account ids (x-amz-expected-bucket-owner). Until buckets record the account that
// created them, a bucket's owner is taken to be the requester's account (one credential, the
// usual case, makes that exact).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::app {

// 12 decimal digits from the first 8 bytes of SHA-256(access key), zero-padded.
inline std::string account_id_for(std::string_view access_key) {
  const std::string digest = crypto::sha256(access_key);
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n = (n << 8) | static_cast<unsigned char>(digest[i]);
  std::string id = std::to_string(n % 1'000'000'000'000ULL);
  return std::string(12 - id.size(), '0') + id;
}

}  // namespace s3sandbox::app
