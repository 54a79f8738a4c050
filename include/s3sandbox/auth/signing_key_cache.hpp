// SigningKeyCache: remembers derived SigV4 signing keys so that a burst of requests signed with
// the same credential and day costs one HMAC instead of five. Keyed by access key, a SHA-256 of
// the secret (so a rotated secret never reuses a stale key, and no secret is stored), date,
// region and service. Bounded: when full it is simply cleared (keys are cheap to rebuild).
// Thread safety: all methods may be called concurrently.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace s3sandbox::auth {

class SigningKeyCache {
 public:
  explicit SigningKeyCache(std::size_t capacity = 1024) : capacity_(capacity) {}

  // The raw signing key for this credential and scope, derived on a miss.
  std::string get(std::string_view access_key, std::string_view secret, std::string_view date,
                  std::string_view region, std::string_view service);

  std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> keys_;
};

}  // namespace s3sandbox::auth
