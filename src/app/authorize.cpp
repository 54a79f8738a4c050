#include "authorize.hpp"

#include <algorithm>

#include "access_model.hpp"
#include "accounts.hpp"
#include "policy_evaluate.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {
namespace {

using router::OpKind;

struct AclNeed {
  bool object_level;
  std::string_view permission;
};

// The ACL permission that grants an action (S3 User Guide, "Mapping of ACL permissions and
// access policy permissions"); nullopt when no ACL can grant it.
std::optional<AclNeed> acl_need(std::string_view action) {
  if (action == "s3:ListBucket" || action == "s3:ListBucketVersions" ||
      action == "s3:ListBucketMultipartUploads") {
    return AclNeed{false, "READ"};
  }
  if (action == "s3:PutObject" || action == "s3:DeleteObject" ||
      action == "s3:DeleteObjectVersion" || action == "s3:AbortMultipartUpload" ||
      action == "s3:ListMultipartUploadParts") {
    return AclNeed{false, "WRITE"};
  }
  if (action == "s3:GetBucketAcl") return AclNeed{false, "READ_ACP"};
  if (action == "s3:PutBucketAcl") return AclNeed{false, "WRITE_ACP"};
  if (action == "s3:GetObject" || action == "s3:GetObjectVersion") return AclNeed{true, "READ"};
  if (action == "s3:GetObjectAcl" || action == "s3:GetObjectVersionAcl") {
    return AclNeed{true, "READ_ACP"};
  }
  if (action == "s3:PutObjectAcl" || action == "s3:PutObjectVersionAcl") {
    return AclNeed{true, "WRITE_ACP"};
  }
  return std::nullopt;
}

bool grants_allow(const Grants& grants, std::string_view permission, const Requester& who,
                  const std::string& canonical, bool ignore_public) {
  for (const xml::AclGrant& g : grants) {
    if (g.permission != permission && g.permission != "FULL_CONTROL") continue;
    if (g.group) {
      if (ignore_public && is_public_grant(g)) continue;
      if (g.id == xml::kAllUsersUri) return true;
      if (g.id == xml::kAuthenticatedUsersUri && who.kind == Requester::Kind::kAccount) return true;
    } else if (who.kind == Requester::Kind::kAccount && g.id == canonical) {
      return true;
    }
  }
  return false;
}

bool is_policy_op(OpKind k) {
  return k == OpKind::kGetBucketPolicy || k == OpKind::kPutBucketPolicy ||
         k == OpKind::kDeleteBucketPolicy;
}

std::string describe(const Requester& who) {
  if (who.kind == Requester::Kind::kAnonymous) return "an anonymous (unsigned) request";
  const Account a = account_of(who.access_key);
  return "access key " + who.access_key + " (account " + a.account_id + ")";
}

std::string statement_name(const PolicyVerdict& v) {
  return v.sid.empty() ? "statement #" + std::to_string(v.index + 1)
                       : "statement \"" + v.sid + "\"";
}

}  // namespace

bool is_unsigned(const core::RequestView& request, std::span<const core::QueryParam> query) {
  if (request.has_header("Authorization")) return false;
  for (const core::QueryParam& p : query) {
    if (p.name == "X-Amz-Signature" || p.name == "X-Amz-Algorithm" ||
        p.name == "X-Amz-Credential" || p.name == "Signature" || p.name == "AWSAccessKeyId") {
      return false;
    }
  }
  return true;
}

std::shared_ptr<const BucketPolicy> bucket_policy_of(const storage::BucketSettings& settings,
                                                     const std::string& bucket) {
  const std::string text = setting_of(settings, "policy");
  if (text.empty()) return nullptr;
  // A policy was validated when it was put; parsing it again per request would cost more than
  // the rest of the check, so each thread keeps the last one it parsed.
  thread_local std::string cached_text, cached_bucket;
  thread_local std::shared_ptr<const BucketPolicy> cached;
  if (cached && cached_text == text && cached_bucket == bucket) return cached;
  auto parsed = parse_bucket_policy(text, bucket);
  if (!parsed) return nullptr;
  cached = std::make_shared<const BucketPolicy>(std::move(*parsed));
  cached_text = text;
  cached_bucket = bucket;
  return cached;
}

core::Result<void> authorize(Services& svc, const core::RequestView& request,
                             const router::Operation& op, const Requester& who) {
  if (who.kind == Requester::Kind::kUnchecked) return {};
  const bool anonymous = who.kind == Requester::Kind::kAnonymous;
  const std::string_view action = op.iam_action();
  if (op.bucket.empty() || op.kind == OpKind::kCreateBucket || op.kind == OpKind::kPostObject) {
    // Service calls and CreateBucket are the requester's own (ListBuckets lists only their
    // buckets; CreateBucket of a taken name is BucketAlreadyExists); a form upload is checked
    // against its policy's signer by the POST handler.
    if (!anonymous || op.kind == OpKind::kPostObject) return {};
    return core::S3Error(core::ErrorCode::kAccessDenied)
        .because("the request is not signed (anonymous), and " +
                 std::string(router::op_name(op.kind)) +
                 " needs an account: sign it with a configured access key");
  }
  if (op.kind == OpKind::kDeleteObjects) {
    // S3 authorizes each object of a multi-object delete, not the request: the handler asks
    // authorize_object per key, and a refused key is an <Error> of the 200 result.
    return {};
  }
  auto settings = svc.backend.get_bucket_settings(op.bucket);
  if (!settings) return {};  // NoSuchBucket and the like: the handler answers as S3 does
  const auth::CredentialStore& credentials = svc.auth.options().credentials;
  const std::string owner = bucket_owner_key(*settings, credentials);
  const bool is_owner = !anonymous && who.access_key == owner;
  std::shared_ptr<const BucketPolicy> policy = bucket_policy_of(*settings, op.bucket);
  if (is_owner && (policy == nullptr || is_policy_op(op.kind))) return {};  // the fast path

  const Account me = anonymous ? Account{} : account_of(who.access_key);
  const Account owner_account = account_of(owner);
  std::optional<storage::ObjectMeta> object;  // read once, when a rule needs it
  bool object_read = false;
  const auto load_object = [&]() -> const storage::ObjectMeta* {
    if (!object_read && !op.key.empty()) {
      object_read = true;
      // A request naming a version is decided on that version's grants and tags.
      const core::QueryParam* version = op.param("versionId");
      auto m = version != nullptr && !version->value.empty()
                   ? svc.backend.head_object_version(op.bucket, op.key, std::string(version->value))
                   : svc.backend.head_object(op.bucket, op.key);
      if (m && !m->delete_marker) object = std::move(*m);
    }
    return object ? &*object : nullptr;
  };

  PolicyVerdict verdict;
  if (policy) {
    PolicyRequest pr;
    pr.action = action;
    pr.resource = "arn:aws:s3:::" + op.bucket + (op.key.empty() ? "" : "/" + op.key);
    pr.anonymous = anonymous;
    pr.account_id = me.account_id;
    pr.canonical_id = me.canonical_id;
    pr.access_key = who.access_key;
    pr.value = [&](std::string_view key) -> std::optional<std::string> {
      const auto param = [&](std::string_view name) -> std::optional<std::string> {
        if (const core::QueryParam* p = op.param(name)) return std::string(p->value);
        return std::nullopt;
      };
      const auto header = [&](std::string_view name) -> std::optional<std::string> {
        if (auto h = request.header(name)) return std::string(*h);
        return std::nullopt;
      };
      if (key == "aws:sourceip") {
        std::string_view a = request.remote_address;
        if (!a.empty() && a.front() == '[') return std::string(a.substr(1, a.find(']') - 1));
        if (std::count(a.begin(), a.end(), ':') == 1) return std::string(a.substr(0, a.find(':')));
        return std::string(a);
      }
      if (key == "aws:securetransport")
        return std::string(request.scheme == "https" ? "true" : "false");
      if (key == "aws:currenttime") return core::format_iso8601(svc.clock.now());
      if (key == "aws:epochtime") {
        return std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(svc.clock.now().time_since_epoch())
                .count());
      }
      if (key == "aws:referer") return header("Referer");
      if (key == "aws:useragent") return header("User-Agent");
      if (key == "aws:principalaccount") {
        return anonymous ? std::nullopt : std::optional<std::string>(me.account_id);
      }
      if (key == "aws:principaltype") return std::string(anonymous ? "Anonymous" : "Account");
      if (key == "s3:prefix") return param("prefix");
      if (key == "s3:delimiter") return param("delimiter");
      if (key == "s3:max-keys") return param("max-keys");
      if (key == "s3:x-amz-acl") return header("x-amz-acl");
      if (key == "s3:x-amz-content-sha256") return header("x-amz-content-sha256");
      if (key == "s3:signatureversion") {
        if (anonymous) return std::nullopt;
        return std::string(who.scheme.starts_with("sigv2") ? "AWS" : "AWS4-HMAC-SHA256");
      }
      if (key == "s3:authtype") {
        if (anonymous) return std::nullopt;
        return std::string(who.scheme.ends_with("query") ? "REST-QUERY-STRING" : "REST-HEADER");
      }
      if (key.starts_with("s3:existingobjecttag/")) {
        const storage::ObjectMeta* m = load_object();
        if (m == nullptr) return std::nullopt;
        std::string_view tag = key.substr(21);
        for (const auto& [k, v] : m->tags) {
          if (core::iequals(k, tag)) return v;
        }
      }
      return std::nullopt;
    };
    verdict = evaluate_policy(*policy, pr);
  }
  if (verdict.effect == PolicyEffect::kDeny && !(is_owner && is_policy_op(op.kind))) {
    return core::S3Error(core::ErrorCode::kAccessDenied)
        .because("the bucket policy of '" + op.bucket + "' explicitly denies " +
                 std::string(action) + " to " + describe(who) + " (" + statement_name(verdict) +
                 "); an explicit Deny wins over every Allow, the owner's included. Change the "
                 "policy (the owner can always Get/Put/DeleteBucketPolicy)");
  }
  if (is_owner) return {};

  const xml::PublicAccessBlockConfig block = public_access_block_of(*settings);
  const Ownership ownership = ownership_of(*settings);
  const bool policy_public = policy && policy_is_public(*policy);
  const bool restricted = block.restrict_public_buckets && policy_public;
  bool allowed = verdict.effect == PolicyEffect::kAllow && !restricted;
  if (!allowed && ownership != Ownership::kBucketOwnerEnforced) {
    if (auto need = acl_need(action)) {
      Grants grants;
      if (need->object_level) {
        if (const storage::ObjectMeta* m = load_object()) {
          auto acl = m->settings.find("acl");
          auto writer = m->settings.find("owner");
          if (acl != m->settings.end()) {
            grants = decode_grants(acl->second);
          } else if (writer != m->settings.end()) {
            // No ACL given: private, the object owner's FULL_CONTROL.
            grants.push_back(
                xml::AclGrant{false, canonical_id_of(writer->second), "", "FULL_CONTROL"});
          }
        }
      } else {
        grants = decode_grants(setting_of(*settings, "acl"));
      }
      allowed =
          grants_allow(grants, need->permission, who, me.canonical_id, block.ignore_public_acls);
    }
  }
  if (allowed && is_policy_op(op.kind)) {
    return core::S3Error(core::ErrorCode::kMethodNotAllowed)
        .because("only the bucket owner's account (" + owner_account.account_id +
                 ") may get, put or delete the bucket policy of '" + op.bucket +
                 "'; the policy allows " + describe(who) + " to call it, so S3 answers 405");
  }
  if (allowed) return {};

  // Refused: say whose bucket it is, what was checked, and what would allow it.
  std::string why = "bucket '" + op.bucket + "' belongs to account " + owner_account.account_id +
                    " (access key " + owner + "); " + describe(who) + " may " +
                    std::string(action) + " there only if ";
  const std::string principal =
      anonymous ? std::string("\"*\"") : "{\"AWS\": \"arn:aws:iam::" + me.account_id + ":root\"}";
  why += "the bucket policy allows it (a statement with Principal " + principal + ", Action \"" +
         std::string(action) + "\" and Resource \"arn:aws:s3:::" + op.bucket +
         (op.key.empty() ? "" : "/" + op.key) + "\")";
  if (acl_need(action)) {
    why += " or an ACL grants it (" +
           std::string(anonymous ? "public-read, i.e. AllUsers"
                                 : "the canonical id " + me.canonical_id) +
           ")";
  }
  why += ". Now: ";
  if (verdict.effect == PolicyEffect::kAllow && restricted) {
    why += "the policy's " + statement_name(verdict) +
           " would allow it, but the policy is public and Block Public Access "
           "RestrictPublicBuckets limits it to the owner's account; ";
  } else {
    why += policy ? "no policy statement allows it; " : "the bucket has no policy; ";
  }
  if (ownership == Ownership::kBucketOwnerEnforced) {
    why += "ACLs are disabled (Object Ownership BucketOwnerEnforced). ";
  } else if (block.ignore_public_acls && anonymous) {
    why += "public ACL grants are ignored (Block Public Access IgnorePublicAcls). ";
  } else {
    why += "no ACL grant allows it. ";
  }
  if (anonymous) why += public_access_advice() + "; or sign the request";
  return core::S3Error(core::ErrorCode::kAccessDenied).because(std::move(why));
}

core::Result<void> authorize_copy_source(const ExchangeState& x, const std::string& bucket,
                                         const std::string& key,
                                         const std::optional<std::string>& version_id) {
  // Reading a named version is s3:GetObjectVersion, as for GET ?versionId=.
  auto allowed = authorize_object(x, OpKind::kGetObject, bucket, key, version_id);
  if (!allowed) {
    core::S3Error e = allowed.error();
    e.diagnosis = "the copy source (x-amz-copy-source " + bucket + "/" + key +
                  ") must be readable by the requester: " + e.diagnosis;
    return e;
  }
  return {};
}

}  // namespace s3sandbox::app
