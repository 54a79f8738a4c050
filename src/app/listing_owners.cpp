#include "listing_owners.hpp"

#include "access_model.hpp"
#include "accounts.hpp"
#include "object_acl.hpp"

namespace s3sandbox::app {
namespace {

struct BucketOwnership {
  std::string owner_key;
  Ownership ownership = Ownership::kBucketOwnerEnforced;
};

BucketOwnership bucket_ownership(ExchangeState& x) {
  auto settings = x.services.backend.get_bucket_settings(x.op.bucket);
  const storage::BucketSettings s = settings ? *settings : storage::BucketSettings{};
  return {bucket_owner_key(s, x.services.auth.options().credentials), ownership_of(s)};
}

}  // namespace

xml::Owner principal_of(std::string_view access_key) {
  const Account a = account_of(access_key.empty() ? std::string_view("anonymous") : access_key);
  return {a.canonical_id, a.display_name};
}

std::vector<xml::Owner> listed_object_owners(ExchangeState& x, const storage::ListPage& page) {
  std::vector<xml::Owner> owners;
  if (page.objects.empty()) return owners;
  const BucketOwnership b = bucket_ownership(x);
  if (b.ownership == Ownership::kBucketOwnerEnforced) return owners;
  // Listing rows carry no settings (listing never decodes them), so the writer is read per
  // object; the row cache serves repeated listings.
  const auth::CredentialStore& credentials = x.services.auth.options().credentials;
  owners.reserve(page.objects.size());
  for (const storage::ObjectMeta& listed : page.objects) {
    auto meta = x.services.backend.head_object(x.op.bucket, listed.key);
    owners.push_back(
        principal_of(meta ? object_owner_key(*meta, b.owner_key, credentials) : b.owner_key));
  }
  return owners;
}

UploadPrincipals upload_principals(ExchangeState& x, const storage::MultipartUpload& upload) {
  const BucketOwnership b = bucket_ownership(x);
  const auth::CredentialStore& credentials = x.services.auth.options().credentials;
  std::string owner = b.owner_key;
  if (b.ownership != Ownership::kBucketOwnerEnforced) {
    owner = object_owner_key(upload.meta, b.owner_key, credentials);
  }
  std::string initiator = owner;  // uploads created before the initiator was recorded
  auto it = upload.meta.settings.find(kInitiatorSetting);
  if (it != upload.meta.settings.end() && credentials.find(it->second) != nullptr) {
    initiator = it->second;
  }
  return {principal_of(initiator), principal_of(owner)};
}

}  // namespace s3sandbox::app
