#include "object_acl.hpp"

#include "accounts.hpp"

namespace s3sandbox::app {

core::Result<void> apply_write_acl(Services& svc, const std::string& bucket,
                                   const std::string& writer_key, const core::RequestView& headers,
                                   storage::ObjectMeta& meta) {
  auto settings = svc.backend.get_bucket_settings(bucket);
  if (!settings) return {};  // the commit answers NoSuchBucket
  const auth::CredentialStore& credentials = svc.auth.options().credentials;
  const std::string bucket_owner = bucket_owner_key(*settings, credentials);
  const Ownership ownership = ownership_of(*settings);
  const std::string writer = writer_key.empty() ? bucket_owner : writer_key;
  const bool owner_full_control = headers.header("x-amz-acl") == "bucket-owner-full-control";
  std::string owner = writer;
  if (ownership == Ownership::kBucketOwnerEnforced ||
      (ownership == Ownership::kBucketOwnerPreferred && owner_full_control)) {
    owner = bucket_owner;
  }
  auto acl =
      acl_from_headers(headers, canonical_id_of(owner), canonical_id_of(bucket_owner), false);
  if (!acl) return acl.error();
  if (*acl) {
    if (auto ok = check_acl_allowed(**acl, ownership, public_access_block_of(*settings),
                                    AclUse::kObjectWrite, canonical_id_of(bucket_owner));
        !ok) {
      return ok.error();
    }
  }
  if (ownership == Ownership::kBucketOwnerEnforced) return {};
  meta.settings["owner"] = owner;
  if (*acl) meta.settings["acl"] = encode_grants((*acl)->grants);
  return {};
}

core::Result<RequestedAcl> requested_acl(const ExchangeState& x, const std::string& body,
                                         const std::string& owner_id,
                                         const std::string& bucket_owner_id, bool bucket_level) {
  auto from_headers = acl_from_headers(x.request, owner_id, bucket_owner_id, bucket_level);
  if (!from_headers) return from_headers.error();
  if (*from_headers) return std::move(**from_headers);
  auto doc = xml::parse_access_control_policy(body);
  if (!doc) return doc.error();
  RequestedAcl acl;
  acl.grants = std::move(doc->grants);
  for (xml::AclGrant& g : acl.grants) g.display_name.clear();
  return acl;
}

std::string object_owner_key(const storage::ObjectMeta& meta, const std::string& bucket_owner,
                             const auth::CredentialStore& credentials) {
  auto it = meta.settings.find("owner");
  if (it != meta.settings.end() && credentials.find(it->second) != nullptr) return it->second;
  return bucket_owner;
}

xml::AccessControlPolicy acl_document(const std::string& owner_key, const Grants& grants,
                                      const auth::CredentialStore& credentials) {
  const Account owner = account_of(owner_key);
  xml::AccessControlPolicy doc;
  doc.owner = xml::Owner{owner.canonical_id, owner.display_name};
  doc.grants = grants;
  if (doc.grants.empty()) {
    doc.grants.push_back(xml::AclGrant{false, owner.canonical_id, "", "FULL_CONTROL"});
  }
  for (xml::AclGrant& g : doc.grants) {
    if (g.group) continue;
    std::string key = access_key_with_id(g.id, credentials);
    if (!key.empty()) g.display_name = key;
  }
  return doc;
}

}  // namespace s3sandbox::app
