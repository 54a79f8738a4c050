// Authorization (issue #17 parts 1-3, 9): after authentication has said WHO is asking, whether
// that requester may do the operation on this bucket or object. The one place it is decided,
// called by Application::start before faults and handlers:
// 1. the bucket owner's account may do anything, unless the bucket policy explicitly denies it
//    (the policy's own Get/Put/Delete are always the owner's);
// 2. anyone else (another account, or an anonymous request) needs an ACL grant (not under
//    BucketOwnerEnforced; public grants not under IgnorePublicAcls) or a bucket policy Allow (a
//    public policy not under RestrictPublicBuckets), and no explicit Deny;
// 3. a refusal is AccessDenied with a diagnosis naming the owner, what was checked and what
//    would allow it.
// The owner's path costs one cached settings read (storage::Backend::get_bucket_settings).
// Thread safety: stateless; the parsed-policy cache is per thread.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "exchange_state.hpp"
#include "policy_document.hpp"

namespace s3sandbox::app {

struct Requester {
  enum class Kind {
    kAccount,    // a verified signature: access_key's account
    kAnonymous,  // an unsigned request (strict mode), allowed only by public ACLs or policies
    kUnchecked,  // --auth warn/off let a request through unverified: treated as the owner
  };
  Kind kind = Kind::kAccount;
  std::string access_key;
  std::string scheme;  // auth::AuthResult::scheme, for s3:signatureversion / s3:authType
};

// An unsigned request: no Authorization header, no presigned query parameters.
bool is_unsigned(const core::RequestView& request, std::span<const core::QueryParam> query);

core::Result<void> authorize(Services& svc, const core::RequestView& request,
                             const router::Operation& op, const Requester& who);

// CopyObject's source: the requester must be allowed s3:GetObject on it (s3:GetObjectVersion
// when the source names a version).
core::Result<void> authorize_copy_source(const ExchangeState& x, const std::string& bucket,
                                         const std::string& key,
                                         const std::optional<std::string>& version_id = {});

// The requester of an exchange as authorize() saw it (authorize_object.cpp): its access key's
// account, anonymous when strict mode let an unsigned request through, else unchecked
// (--auth warn/off), which acts as the owner.
Requester requester_of(const ExchangeState& x);

// One object operation other than the request's own (a key of DeleteObjects, a copy source):
// whether the requester may do the row `kind` on bucket/key, with `version_id` turning the
// action into its version form (s3:DeleteObject -> s3:DeleteObjectVersion, s3:GetObject ->
// s3:GetObjectVersion), against that object's ARN. AccessDenied with authorize()'s diagnosis
// when not.
core::Result<void> authorize_object(const ExchangeState& x, router::OpKind kind,
                                    const std::string& bucket, const std::string& key,
                                    const std::optional<std::string>& version_id);

// The bucket's parsed policy (null when it has none), cached per thread by document text.
std::shared_ptr<const BucketPolicy> bucket_policy_of(const storage::BucketSettings& settings,
                                                     const std::string& bucket);

}  // namespace s3sandbox::app
