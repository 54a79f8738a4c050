// Access-control operations (issue #17 parts 1-3): Object Ownership controls, Block Public
// Access, bucket and object ACLs, bucket policies and their status. The rules they store are
// enforced by authorize.cpp (who may do what) and object_acl.cpp (which ACLs a write may carry).
#include "access_model.hpp"
#include "accounts.hpp"
#include "authorize.hpp"
#include "handlers.hpp"
#include "object_acl.hpp"
#include "policy_document.hpp"
#include "respond.hpp"
#include "s3sandbox/core/access_errors.hpp"
#include "s3sandbox/xml/access_control.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

core::Result<storage::BucketSettings> settings_of(ExchangeState& x) {
  auto s = x.services.backend.get_bucket_settings(x.op.bucket);
  if (!s) return s.error().with("BucketName", x.op.bucket);
  return s;
}

core::Result<core::Response> store(ExchangeState& x, const std::string& name,
                                   const std::string& document, int status = 200) {
  auto put = x.services.backend.put_bucket_setting(x.op.bucket, name, document);
  if (!put) return put.error().with("BucketName", x.op.bucket);
  core::Response r;
  r.status = status;
  return r;
}

const auth::CredentialStore& credentials(const ExchangeState& x) {
  return x.services.auth.options().credentials;
}

// The object whose ACL Get/PutObjectAcl read or write: the version ?versionId= names (each
// version has its own ACL, as S3 keeps), else the latest. A delete marker has no ACL: by its
// version id S3 answers 405 with x-amz-delete-marker; as the latest, NoSuchKey (head_object).
core::Result<storage::ObjectMeta> acl_object(ExchangeState& x, std::string_view method) {
  auto meta = head_requested_version(x);
  if (!meta) return meta.error().with("Key", x.op.key);
  if (meta->delete_marker) {
    core::S3Error e = delete_marker_not_allowed(*meta, method);
    e.diagnosis = "Version " + storage::shown_version_id(meta->version_id) + " of '" + x.op.key +
                  "' is a delete marker, which has no ACL; name an object version instead "
                  "(ListObjectVersions lists them).";
    return e;
  }
  return meta;
}

// x-amz-version-id on an object ACL's answer: the version's, when one was named or the bucket
// is versioned (S3's GET/PUT ?acl send it as for the object itself).
void add_acl_version_header(const ExchangeState& x, const storage::ObjectMeta& meta,
                            core::Response& r) {
  if (x.op.param("versionId") != nullptr || !meta.version_id.empty()) {
    r.set_header("x-amz-version-id", storage::shown_version_id(meta.version_id));
  }
}

}  // namespace

// --- Object Ownership -----------------------------------------------------------------------

Started get_bucket_ownership_controls(ExchangeState& x) {
  auto s = settings_of(x);
  if (!s) return answer(s.error());
  if (setting_of(*s, "ownership") == kDeletedSetting) {
    return answer(core::S3Error(core::kOwnershipControlsNotFoundError)
                      .with("BucketName", x.op.bucket)
                      .because("DeleteBucketOwnershipControls removed them; the bucket now "
                               "behaves as ObjectWriter (ACLs enabled)"));
  }
  return answer(xml_response(xml::render_ownership_controls(ownership_name(ownership_of(*s)))));
}

core::Result<core::Response> put_bucket_ownership_controls(ExchangeState& x, std::string body) {
  auto value = xml::parse_ownership_controls(body);
  if (!value) return value.error();
  return store(x, "ownership", *value);
}

Started delete_bucket_ownership_controls(ExchangeState& x) {
  auto r = store(x, "ownership", std::string(kDeletedSetting), 204);
  return answer(std::move(r));
}

// --- Block Public Access ----------------------------------------------------------------------

Started get_public_access_block(ExchangeState& x) {
  auto s = settings_of(x);
  if (!s) return answer(s.error());
  if (setting_of(*s, "public-access-block") == kDeletedSetting) {
    return answer(core::S3Error(core::kNoSuchPublicAccessBlockConfiguration)
                      .with("BucketName", x.op.bucket)
                      .because("DeletePublicAccessBlock removed it: nothing is blocked"));
  }
  return answer(xml_response(xml::render_public_access_block(public_access_block_of(*s))));
}

core::Result<core::Response> put_public_access_block(ExchangeState& x, std::string body) {
  auto c = xml::parse_public_access_block(body);
  if (!c) return c.error();
  return store(x, "public-access-block", encode_public_access_block(*c));
}

Started delete_public_access_block(ExchangeState& x) {
  return answer(store(x, "public-access-block", std::string(kDeletedSetting), 204));
}

// --- ACLs -------------------------------------------------------------------------------------

Started get_bucket_acl(ExchangeState& x) {
  auto s = settings_of(x);
  if (!s) return answer(s.error());
  const std::string owner = bucket_owner_key(*s, credentials(x));
  Grants grants;
  if (ownership_of(*s) != Ownership::kBucketOwnerEnforced) {
    grants = decode_grants(setting_of(*s, "acl"));
  }
  return answer(
      xml_response(xml::render_access_control_policy(acl_document(owner, grants, credentials(x)))));
}

core::Result<core::Response> put_bucket_acl(ExchangeState& x, std::string body) {
  auto s = settings_of(x);
  if (!s) return s.error();
  const std::string owner = bucket_owner_key(*s, credentials(x));
  auto acl = requested_acl(x, body, canonical_id_of(owner), canonical_id_of(owner), true);
  if (!acl) return acl.error();
  if (auto ok = check_acl_allowed(*acl, ownership_of(*s), public_access_block_of(*s),
                                  AclUse::kPutAcl, canonical_id_of(owner));
      !ok) {
    return ok.error();
  }
  return store(x, "acl", encode_grants(acl->grants));
}

Started get_object_acl(ExchangeState& x) {
  auto s = settings_of(x);
  if (!s) return answer(s.error());
  auto meta = acl_object(x, "GET");
  if (!meta) return answer(meta.error());
  const std::string bucket_owner = bucket_owner_key(*s, credentials(x));
  std::string owner = bucket_owner;
  Grants grants;
  if (ownership_of(*s) != Ownership::kBucketOwnerEnforced) {
    owner = object_owner_key(*meta, bucket_owner, credentials(x));
    if (auto acl = meta->settings.find("acl"); acl != meta->settings.end()) {
      grants = decode_grants(acl->second);
    }
  }
  core::Response r =
      xml_response(xml::render_access_control_policy(acl_document(owner, grants, credentials(x))));
  add_acl_version_header(x, *meta, r);
  return answer(std::move(r));
}

core::Result<core::Response> put_object_acl(ExchangeState& x, std::string body) {
  auto s = settings_of(x);
  if (!s) return s.error();
  auto meta = acl_object(x, "PUT");
  if (!meta) return meta.error();
  const std::string bucket_owner = bucket_owner_key(*s, credentials(x));
  const std::string owner = object_owner_key(*meta, bucket_owner, credentials(x));
  auto acl = requested_acl(x, body, canonical_id_of(owner), canonical_id_of(bucket_owner), false);
  if (!acl) return acl.error();
  if (auto ok = check_acl_allowed(*acl, ownership_of(*s), public_access_block_of(*s),
                                  AclUse::kPutAcl, canonical_id_of(bucket_owner));
      !ok) {
    return ok.error();
  }
  std::map<std::string, std::string> settings = meta->settings;
  settings["acl"] = encode_grants(acl->grants);
  if (!settings.contains("owner")) settings["owner"] = owner;
  // By version id when one was named, so that a newer version stacked meanwhile keeps its own.
  auto put =
      x.op.param("versionId") != nullptr
          ? x.services.backend.put_object_version_settings(
                x.op.bucket, x.op.key, storage::shown_version_id(meta->version_id),
                std::move(settings))
          : x.services.backend.put_object_settings(x.op.bucket, x.op.key, std::move(settings));
  if (!put) return put.error().with("Key", x.op.key);
  core::Response r;
  add_acl_version_header(x, *put, r);
  return r;
}

// --- Bucket policies --------------------------------------------------------------------------

Started get_bucket_policy(ExchangeState& x) {
  auto s = settings_of(x);
  if (!s) return answer(s.error());
  std::string policy = setting_of(*s, "policy");
  if (policy.empty()) {
    return answer(core::S3Error(core::kNoSuchBucketPolicy)
                      .with("BucketName", x.op.bucket)
                      .because("the bucket has no policy; PutBucketPolicy sets one"));
  }
  core::Response r;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = std::move(policy);
  return answer(std::move(r));
}

core::Result<core::Response> put_bucket_policy(ExchangeState& x, std::string body) {
  auto s = settings_of(x);
  if (!s) return s.error();
  auto policy = parse_bucket_policy(body, x.op.bucket);
  if (!policy) return policy.error();
  if (public_access_block_of(*s).block_public_policy && policy_is_public(*policy)) {
    return core::S3Error(core::ErrorCode::kAccessDenied)
        .because(
            "the policy is public (it allows Principal \"*\" without a condition on a "
            "fixed source such as aws:SourceIp), and the bucket's Block Public Access "
            "setting BlockPublicPolicy (on by default) refuses public policies. Turn "
            "BlockPublicPolicy off with PutPublicAccessBlock first (and "
            "RestrictPublicBuckets off too, or the policy will only apply to your own "
            "account)");
  }
  return store(x, "policy", body, 204);
}

Started delete_bucket_policy(ExchangeState& x) { return answer(store(x, "policy", "", 204)); }

Started get_bucket_policy_status(ExchangeState& x) {
  auto s = settings_of(x);
  if (!s) return answer(s.error());
  auto policy = bucket_policy_of(*s, x.op.bucket);
  if (policy == nullptr) {
    return answer(core::S3Error(core::kNoSuchBucketPolicy)
                      .with("BucketName", x.op.bucket)
                      .because("the bucket has no policy, so it has no policy status"));
  }
  return answer(xml_response(xml::render_policy_status(policy_is_public(*policy))));
}

}  // namespace s3sandbox::app
