// Accounts: each configured credential is its own account (issue #17 part 9). The ids are
// derived from the access key alone, so they are stable across restarts and data dirs:
// - canonical id: 64 hex digits, SHA-256 of "s3sandbox-owner:<access key>" (the id listings
//   showed before accounts existed, so nothing changes for single-credential users);
// - account id: 12 digits, from SHA-256 of "s3sandbox-account:<access key>";
// - display name: the access key.
// A bucket's owner is the access key stored in its "owner" document at CreateBucket; a bucket
// created before accounts existed (no document) belongs to the first configured credential.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

struct Account {
  std::string access_key;  // "" for the anonymous requester
  std::string account_id;
  std::string canonical_id;
  std::string display_name;
};

Account account_of(std::string_view access_key);
std::string canonical_id_of(std::string_view access_key);

// The access key that owns a bucket, from its settings.
std::string bucket_owner_key(const storage::BucketSettings& settings,
                             const auth::CredentialStore& credentials);

// The configured access key whose canonical id or 12-digit account id is `id`, or "".
std::string access_key_with_id(std::string_view id, const auth::CredentialStore& credentials);

// A setting of `settings` ("" when absent or settings is null).
std::string setting_of(const storage::BucketSettings& settings, const std::string& name);

}  // namespace s3sandbox::app
