#include "s3sandbox/auth/signing_key_cache.hpp"

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {

std::string SigningKeyCache::get(std::string_view access_key, std::string_view secret,
                                 std::string_view date, std::string_view region,
                                 std::string_view service) {
  std::string id;
  id.reserve(access_key.size() + date.size() + region.size() + service.size() + 3);
  id.append(access_key).append(1, '\0').append(date).append(1, '\0').append(region);
  id.append(1, '\0').append(service);
  {
    std::lock_guard lock(mutex_);
    auto it = keys_.find(id);
    if (it != keys_.end() && crypto::constant_time_equal(it->second.secret, secret)) {
      return it->second.key;
    }
  }
  std::string key = derive_signing_key(secret, date, region, service);
  std::lock_guard lock(mutex_);
  if (keys_.size() >= capacity_) keys_.clear();
  keys_.insert_or_assign(std::move(id), Entry{std::string(secret), key});
  return key;
}

std::size_t SigningKeyCache::size() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

}  // namespace s3sandbox::auth
