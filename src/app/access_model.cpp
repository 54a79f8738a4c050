#include "access_model.hpp"

#include "accounts.hpp"
#include "s3sandbox/core/access_errors.hpp"
#include "s3sandbox/core/uri.hpp"

namespace s3sandbox::app {
namespace {

using xml::AclGrant;

AclGrant user(std::string id, std::string permission) {
  return AclGrant{false, std::move(id), "", std::move(permission)};
}
AclGrant group(std::string_view uri, std::string permission) {
  return AclGrant{true, std::string(uri), "", std::move(permission)};
}

core::S3Error bad_acl_argument(std::string name, std::string value, std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidArgument)
      .with("ArgumentName", std::move(name))
      .with("ArgumentValue", std::move(value))
      .because(std::move(why));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// x-amz-grant-read: id="…", uri="…", emailAddress="…" (comma separated).
core::Result<void> parse_grant_header(std::string_view header, std::string_view value,
                                      const std::string& permission, Grants& out) {
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return bad_acl_argument(std::string(header), std::string(item),
                              "each grantee is type=\"value\": id=\"<canonical id>\" or "
                              "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"");
    }
    std::string type(trim(item.substr(0, eq)));
    std::string_view v = trim(item.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (type == "id") {
      out.push_back(user(std::string(v), permission));
    } else if (type == "uri") {
      if (v != xml::kAllUsersUri && v != xml::kAuthenticatedUsersUri && v != xml::kLogDeliveryUri) {
        return bad_acl_argument("uri", std::string(v), "not one of S3's predefined groups");
      }
      out.push_back(group(v, permission));
    } else if (type == "emailAddress") {
      return core::S3Error(core::ErrorCode::kNotImplemented,
                           "A header you provided implies functionality that is not implemented")
          .with("Header", std::string(header))
          .because(
              "grants by e-mail address work only in a few old AWS Regions and s3sandbox "
              "has no e-mail addresses; grant to the account's canonical id (id=\"...\")");
    } else {
      return bad_acl_argument(std::string(header), std::string(item),
                              "the grantee type must be id, uri or emailAddress");
    }
  }
  return {};
}

}  // namespace

Ownership ownership_of(const storage::BucketSettings& settings) {
  const std::string v = setting_of(settings, "ownership");
  // "deleted": DeleteBucketOwnershipControls; a bucket without controls behaves as ObjectWriter.
  if (v == "ObjectWriter" || v == kDeletedSetting) return Ownership::kObjectWriter;
  if (v == "BucketOwnerPreferred") return Ownership::kBucketOwnerPreferred;
  return Ownership::kBucketOwnerEnforced;
}

std::string_view ownership_name(Ownership o) {
  switch (o) {
    case Ownership::kObjectWriter:
      return "ObjectWriter";
    case Ownership::kBucketOwnerPreferred:
      return "BucketOwnerPreferred";
    case Ownership::kBucketOwnerEnforced:
      break;
  }
  return "BucketOwnerEnforced";
}

xml::PublicAccessBlockConfig public_access_block_of(const storage::BucketSettings& settings) {
  const std::string v = setting_of(settings, "public-access-block");
  xml::PublicAccessBlockConfig c;
  if (v == kDeletedSetting) return xml::PublicAccessBlockConfig{false, false, false, false};
  if (v.size() != 4) return c;
  c.block_public_acls = v[0] == '1';
  c.ignore_public_acls = v[1] == '1';
  c.block_public_policy = v[2] == '1';
  c.restrict_public_buckets = v[3] == '1';
  return c;
}

std::string encode_public_access_block(const xml::PublicAccessBlockConfig& c) {
  std::string v;
  for (bool b : {c.block_public_acls, c.ignore_public_acls, c.block_public_policy,
                 c.restrict_public_buckets}) {
    v += b ? '1' : '0';
  }
  return v;
}

std::string encode_grants(const Grants& grants) {
  std::string out;
  for (const AclGrant& g : grants) {
    out += g.group ? "G " : "U ";
    out += g.id;
    out += ' ';
    out += g.permission;
    out += '\n';
  }
  return out;
}

Grants decode_grants(std::string_view text) {
  Grants grants;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    std::size_t a = line.find(' ');
    std::size_t b = line.rfind(' ');
    if (line.size() < 3 || a == std::string_view::npos || a == b) continue;
    grants.push_back(AclGrant{line[0] == 'G', std::string(line.substr(a + 1, b - a - 1)), "",
                              std::string(line.substr(b + 1))});
  }
  return grants;
}

bool is_public_grant(const AclGrant& g) {
  return g.group && (g.id == xml::kAllUsersUri || g.id == xml::kAuthenticatedUsersUri);
}

bool grants_public(const Grants& grants) {
  for (const AclGrant& g : grants) {
    if (is_public_grant(g)) return true;
  }
  return false;
}

core::Result<std::optional<RequestedAcl>> acl_from_headers(const core::RequestView& request,
                                                           const std::string& owner_id,
                                                           const std::string& bucket_owner_id,
                                                           bool bucket_level) {
  static constexpr std::pair<std::string_view, std::string_view> kGrantHeaders[] = {
      {"x-amz-grant-full-control", "FULL_CONTROL"}, {"x-amz-grant-read", "READ"},
      {"x-amz-grant-read-acp", "READ_ACP"},         {"x-amz-grant-write", "WRITE"},
      {"x-amz-grant-write-acp", "WRITE_ACP"},
  };
  auto canned = request.header("x-amz-acl");
  bool any_grant = false;
  for (const auto& [name, permission] : kGrantHeaders) any_grant |= request.has_header(name);
  if (!canned && !any_grant) return std::optional<RequestedAcl>();
  if (canned && any_grant) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "Specifying both Canned ACLs and Header Grants is not allowed")
        .because("send either x-amz-acl or x-amz-grant-* headers, not both");
  }
  RequestedAcl acl;
  if (any_grant) {
    for (const auto& [name, permission] : kGrantHeaders) {
      if (auto v = request.header(name)) {
        auto parsed = parse_grant_header(name, *v, std::string(permission), acl.grants);
        if (!parsed) return parsed.error();
      }
    }
    return std::optional<RequestedAcl>(std::move(acl));
  }
  acl.canned = std::string(trim(*canned));
  acl.grants.push_back(user(owner_id, "FULL_CONTROL"));
  const std::string& c = acl.canned;
  if (c == "private") {
  } else if (c == "public-read") {
    acl.grants.push_back(group(xml::kAllUsersUri, "READ"));
  } else if (c == "public-read-write") {
    acl.grants.push_back(group(xml::kAllUsersUri, "READ"));
    acl.grants.push_back(group(xml::kAllUsersUri, "WRITE"));
  } else if (c == "authenticated-read") {
    acl.grants.push_back(group(xml::kAuthenticatedUsersUri, "READ"));
  } else if (!bucket_level && c == "bucket-owner-read") {
    if (bucket_owner_id != owner_id) acl.grants.push_back(user(bucket_owner_id, "READ"));
  } else if (!bucket_level && c == "bucket-owner-full-control") {
    if (bucket_owner_id != owner_id) acl.grants.push_back(user(bucket_owner_id, "FULL_CONTROL"));
  } else if (bucket_level && c == "log-delivery-write") {
    acl.grants.push_back(group(xml::kLogDeliveryUri, "WRITE"));
    acl.grants.push_back(group(xml::kLogDeliveryUri, "READ_ACP"));
  } else {
    return bad_acl_argument("x-amz-acl", c,
                            bucket_level ? "a bucket's canned ACL is private, public-read, "
                                           "public-read-write, authenticated-read or "
                                           "log-delivery-write"
                                         : "an object's canned ACL is private, public-read, "
                                           "public-read-write, authenticated-read, "
                                           "bucket-owner-read or bucket-owner-full-control");
  }
  return std::optional<RequestedAcl>(std::move(acl));
}

std::string public_access_advice() {
  return "To make objects public, either (1) keep ACLs off and add a bucket policy that allows "
         "s3:GetObject to Principal \"*\" (PutBucketPolicy) after turning BlockPublicPolicy and "
         "RestrictPublicBuckets off (PutPublicAccessBlock), or (2) switch Object Ownership to "
         "ObjectWriter (PutBucketOwnershipControls) and turn BlockPublicAcls and "
         "IgnorePublicAcls off (PutPublicAccessBlock), then use public-read ACLs";
}

core::Result<void> check_acl_allowed(const RequestedAcl& acl, Ownership ownership,
                                     const xml::PublicAccessBlockConfig& block, AclUse use,
                                     const std::string& bucket_owner_id) {
  if (ownership == Ownership::kBucketOwnerEnforced) {
    if (use == AclUse::kCreateBucket) {
      bool beyond_owner = false;
      for (const xml::AclGrant& g : acl.grants) {
        beyond_owner |= g.group || g.id != bucket_owner_id || g.permission != "FULL_CONTROL";
      }
      if (!beyond_owner) return {};
      return core::S3Error(core::kInvalidBucketAclWithObjectOwnership)
          .because(
              "new buckets have Object Ownership BucketOwnerEnforced (ACLs disabled), so "
              "CreateBucket accepts only the private ACL. Create the bucket with "
              "ObjectOwnership=ObjectWriter (x-amz-object-ownership) and turn Block Public "
              "Access off before public ACLs, or use a bucket policy instead");
    }
    if (use == AclUse::kObjectWrite) {
      bool owner_full_control_only = acl.canned == "bucket-owner-full-control";
      if (acl.canned.empty()) {
        owner_full_control_only = true;
        for (const xml::AclGrant& g : acl.grants) {
          owner_full_control_only &=
              !g.group && g.id == bucket_owner_id && g.permission == "FULL_CONTROL";
        }
      }
      if (owner_full_control_only) return {};
    }
    return core::S3Error(core::kAccessControlListNotSupported)
        .because(
            "the bucket's Object Ownership is BucketOwnerEnforced (the default since April "
            "2023), which disables ACLs: " +
            std::string(use == AclUse::kPutAcl
                            ? "PutBucketAcl and PutObjectAcl fail for any ACL, even private"
                            : "writes may carry only the bucket-owner-full-control ACL") +
            ". Drop the ACL. " + public_access_advice());
  }
  if (block.block_public_acls && grants_public(acl.grants)) {
    return core::S3Error(core::ErrorCode::kAccessDenied)
        .because("the ACL " + (acl.canned.empty() ? std::string("grants") : acl.canned) +
                 " makes the resource public, and the bucket's Block Public Access setting "
                 "BlockPublicAcls (on by default) refuses public ACLs. Turn BlockPublicAcls and "
                 "IgnorePublicAcls off with PutPublicAccessBlock to allow them");
  }
  return {};
}

}  // namespace s3sandbox::app
