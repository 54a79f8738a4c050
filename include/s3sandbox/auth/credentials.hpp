// CredentialStore: the access key / secret key pairs the server accepts. Filled from the command
// line, environment and a credentials file at start, immutable afterwards. Secrets never leave
// this type except to compute signing keys; never log them.
// Thread safety: immutable after construction; concurrent reads are safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s3sandbox::auth {

struct Credential {
  std::string access_key;
  std::string secret_key;
};

// The documented default pair, used when none is configured.
inline constexpr std::string_view kDefaultAccessKey = "s3sandbox";
inline constexpr std::string_view kDefaultSecretKey = "s3sandbox-secret";

class CredentialStore {
 public:
  CredentialStore() = default;
  explicit CredentialStore(std::vector<Credential> creds) : creds_(std::move(creds)) {}

  void add(Credential c) { creds_.push_back(std::move(c)); }
  const Credential* find(std::string_view access_key) const {
    for (const Credential& c : creds_) {
      if (c.access_key == access_key) return &c;
    }
    return nullptr;
  }
  const std::vector<Credential>& all() const { return creds_; }
  bool empty() const { return creds_.empty(); }

 private:
  std::vector<Credential> creds_;
};

// Parses "AK:SK" (the secret may itself contain ':'). Returns nullopt when either side is empty.
std::optional<Credential> parse_credential(std::string_view spec);

}  // namespace s3sandbox::auth
