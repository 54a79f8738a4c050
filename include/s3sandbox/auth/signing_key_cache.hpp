// SigningKeyCache: remembers derived SigV4 signing keys so that a burst of requests signed with
// the same credential and day costs one HMAC instead of five. Keyed by access key, date, region
// and service; an entry also holds the secret it was derived from and is used only for that same
// secret (a rotated secret never reuses a stale key). The secret lives in the credential store of
// the same process anyway; hashing it per request instead cost 4 % of a small GET.
// Bounded: when full it is simply cleared (keys are cheap to rebuild).
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
  struct Entry {
    std::string secret;
    std::string key;
  };
  std::unordered_map<std::string, Entry> keys_;
};

}  // namespace s3sandbox::auth
