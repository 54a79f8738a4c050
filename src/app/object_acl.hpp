// ACLs on the write path and in answers (issue #17 part 1): the ACL and owner an object write
// stores (PutObject, CopyObject, CreateMultipartUpload, POST Object), the ACL a Put*Acl asks
// for, and the AccessControlPolicy document Get*Acl answers.
#pragma once

#include <string>

#include "access_model.hpp"
#include "exchange_state.hpp"

namespace s3sandbox::app {

// Checks the request's x-amz-acl / x-amz-grant-* headers against the bucket's Object Ownership
// and Block Public Access, then records in meta.settings the object's owner ("owner": the
// writer's access key, unless the bucket owner owns every object) and its grants ("acl"). Under
// BucketOwnerEnforced (the default) nothing is stored. `writer_key` "" means the bucket owner.
core::Result<void> apply_write_acl(Services& svc, const std::string& bucket,
                                   const std::string& writer_key, const core::RequestView& headers,
                                   storage::ObjectMeta& meta);

// The ACL a PutBucketAcl / PutObjectAcl asks for: its headers, else its AccessControlPolicy.
core::Result<RequestedAcl> requested_acl(const ExchangeState& x, const std::string& body,
                                         const std::string& owner_id,
                                         const std::string& bucket_owner_id, bool bucket_level);

// The object's owner: the writer recorded with it when still configured, else the bucket owner.
std::string object_owner_key(const storage::ObjectMeta& meta, const std::string& bucket_owner,
                             const auth::CredentialStore& credentials);

// The document Get*Acl answers; no grants stored means the owner's FULL_CONTROL.
xml::AccessControlPolicy acl_document(const std::string& owner_key, const Grants& grants,
                                      const auth::CredentialStore& credentials);

}  // namespace s3sandbox::app
