#include "accounts.hpp"

#include <cstdio>

#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::app {

std::string canonical_id_of(std::string_view access_key) {
  return crypto::sha256_hex("s3sandbox-owner:" + std::string(access_key));
}

Account account_of(std::string_view access_key) {
  Account a;
  a.access_key = std::string(access_key);
  a.canonical_id = canonical_id_of(access_key);
  a.display_name = std::string(access_key);
  // 12 decimal digits from the first 8 bytes of a hash: deterministic, spread, leading zeros kept.
  const std::string h = crypto::sha256_hex("s3sandbox-account:" + std::string(access_key));
  unsigned long long n = std::stoull(h.substr(0, 15), nullptr, 16) % 1000000000000ULL;
  char digits[16];
  std::snprintf(digits, sizeof digits, "%012llu", n);
  a.account_id = digits;
  return a;
}

std::string setting_of(const storage::BucketSettings& settings, const std::string& name) {
  if (!settings) return "";
  auto it = settings->find(name);
  return it == settings->end() ? std::string() : it->second;
}

std::string bucket_owner_key(const storage::BucketSettings& settings,
                             const auth::CredentialStore& credentials) {
  std::string owner = setting_of(settings, "owner");
  // An owner whose key is no longer configured (the server restarted with other credentials on
  // the same data dir) hands the bucket to the first configured credential, as for buckets
  // created before accounts existed: a user's own buckets never become unreachable.
  if (!owner.empty() && credentials.find(owner) != nullptr) return owner;
  if (credentials.empty()) return std::string(auth::kDefaultAccessKey);
  return credentials.all().front().access_key;
}

std::string access_key_with_id(std::string_view id, const auth::CredentialStore& credentials) {
  for (const auth::Credential& c : credentials.all()) {
    Account a = account_of(c.access_key);
    if (a.canonical_id == id || a.account_id == id) return c.access_key;
  }
  return "";
}

}  // namespace s3sandbox::app
