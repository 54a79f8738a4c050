// The stored access-control state of buckets and objects and its rules (issue #17 parts 1-2):
// Object Ownership, Block Public Access, ACL grants (canned ACLs, x-amz-grant-* headers, the
// AccessControlPolicy document), and which ACLs each setting lets a request store.
// Stored forms (bucket documents and ObjectMeta::settings, see storage::Backend):
// - "ownership": BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter (missing: Enforced);
// - "public-access-block": four '0'/'1' (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
//   RestrictPublicBuckets); missing: all on, as for every new S3 bucket since April 2023;
// - "acl" (bucket and object): one grant a line, "U <canonical id> <PERMISSION>" or
//   "G <group uri> <PERMISSION>"; missing: the owner's FULL_CONTROL (private);
// - object "owner": the access key that wrote the object (its owner under ObjectWriter).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/types.hpp"
#include "s3sandbox/xml/access_control.hpp"

namespace s3sandbox::app {

// The document stored by DeleteBucketOwnershipControls and DeletePublicAccessBlock: the bucket
// then has no configuration (Get answers the NotFound error), unlike a missing document, which
// means the defaults every new bucket gets.
inline constexpr std::string_view kDeletedSetting = "deleted";

enum class Ownership { kBucketOwnerEnforced, kBucketOwnerPreferred, kObjectWriter };

Ownership ownership_of(const storage::BucketSettings& settings);
std::string_view ownership_name(Ownership o);

xml::PublicAccessBlockConfig public_access_block_of(const storage::BucketSettings& settings);
std::string encode_public_access_block(const xml::PublicAccessBlockConfig& c);

using Grants = std::vector<xml::AclGrant>;
std::string encode_grants(const Grants& grants);
Grants decode_grants(std::string_view text);
// A grant to AllUsers or AuthenticatedUsers.
bool is_public_grant(const xml::AclGrant& g);
bool grants_public(const Grants& grants);

// What an ACL-bearing request asked for: a canned ACL name or explicit grants.
struct RequestedAcl {
  std::string canned;  // "" when given by x-amz-grant-* headers or a document
  Grants grants;       // the grants it expands to (the owner's FULL_CONTROL included)
};

// The ACL a request's x-amz-acl / x-amz-grant-* headers ask for, nullopt when it has none.
// `owner_id` is the canonical id of the resource's owner, `bucket_owner_id` the bucket owner's.
// Errors: InvalidArgument (unknown canned ACL, both forms, a bad grantee), NotImplemented
// (e-mail grantees).
core::Result<std::optional<RequestedAcl>> acl_from_headers(const core::RequestView& request,
                                                           const std::string& owner_id,
                                                           const std::string& bucket_owner_id,
                                                           bool bucket_level);

// Whether the bucket's settings let a write store `acl` (for an object write, a Put*Acl, or
// CreateBucket): AccessControlListNotSupported under BucketOwnerEnforced (except
// bucket-owner-full-control on object writes), AccessDenied for a public ACL under
// BlockPublicAcls. `what` names the request in the diagnosis.
enum class AclUse { kObjectWrite, kPutAcl, kCreateBucket };
core::Result<void> check_acl_allowed(const RequestedAcl& acl, Ownership ownership,
                                     const xml::PublicAccessBlockConfig& block, AclUse use,
                                     const std::string& bucket_owner_id);

// The diagnosis' advice for making something public: what to change, in plain words.
std::string public_access_advice();

}  // namespace s3sandbox::app
