// AccessControlPolicy, OwnershipControls and PublicAccessBlockConfiguration documents.
#include "s3sandbox/xml/access_control.hpp"

#include <pugixml.hpp>

#include "document.hpp"
#include "read.hpp"
#include "s3sandbox/core/access_errors.hpp"
#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::xml {

using detail::children_named;
using detail::is_blank;
using detail::malformed;
using detail::text_of;
using detail::trimmed;

namespace {

core::S3Error malformed_acl(std::string why) {
  return core::S3Error(core::kMalformedACLError).because(std::move(why));
}

std::string child_text(const pugi::xml_node& node, std::string_view name) {
  auto found = children_named(node, name);
  return found.empty() ? std::string() : std::string(trimmed(text_of(found.front())));
}

bool valid_permission(std::string_view p) {
  return p == "FULL_CONTROL" || p == "READ" || p == "WRITE" || p == "READ_ACP" || p == "WRITE_ACP";
}

}  // namespace

std::string render_access_control_policy(const AccessControlPolicy& policy) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "AccessControlPolicy");
  detail::add_principal(root, "Owner", policy.owner.id, policy.owner.display_name);
  pugi::xml_node list = root.append_child("AccessControlList");
  for (const AclGrant& g : policy.grants) {
    pugi::xml_node grant = list.append_child("Grant");
    pugi::xml_node grantee = grant.append_child("Grantee");
    grantee.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
    grantee.append_attribute("xsi:type") = g.group ? "Group" : "CanonicalUser";
    if (g.group) {
      detail::add_text(grantee, "URI", g.id);
    } else {
      detail::add_text(grantee, "ID", g.id);
      if (!g.display_name.empty()) detail::add_text(grantee, "DisplayName", g.display_name);
    }
    detail::add_text(grant, "Permission", g.permission);
  }
  // serialize() writes every '"' as &quot; (S3's text escaping, for ETags); the Grantee's
  // attributes are the one place this document has quotes in markup, so they are put back.
  std::string out = detail::serialize(doc);
  for (std::string_view type : {"CanonicalUser", "Group"}) {
    const std::string escaped =
        "xmlns:xsi=&quot;http://www.w3.org/2001/XMLSchema-instance&quot; xsi:type=&quot;" +
        std::string(type) + "&quot;";
    const std::string plain =
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"" + std::string(type) +
        "\"";
    for (auto at = out.find(escaped); at != std::string::npos; at = out.find(escaped, at)) {
      out.replace(at, escaped.size(), plain);
      at += plain.size();
    }
  }
  return out;
}

core::Result<AccessControlPolicy> parse_access_control_policy(std::string_view body) {
  if (is_blank(body)) {
    return malformed_acl(
        "the body is empty; send an <AccessControlPolicy> document or an "
        "x-amz-acl / x-amz-grant-* header");
  }
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "AccessControlPolicy", kMaxXmlBody);
  if (!root) return malformed_acl(root.error().diagnosis);
  AccessControlPolicy policy;
  auto owners = children_named(*root, "Owner");
  if (owners.size() != 1)
    return malformed_acl("<AccessControlPolicy> needs one <Owner> with its <ID>");
  policy.owner.id = child_text(owners.front(), "ID");
  policy.owner.display_name = child_text(owners.front(), "DisplayName");
  if (policy.owner.id.empty()) return malformed_acl("<Owner> needs an <ID>");
  auto lists = children_named(*root, "AccessControlList");
  if (lists.size() > 1) return malformed_acl("only one <AccessControlList> is allowed");
  if (lists.empty()) return policy;
  for (const pugi::xml_node& grant : children_named(lists.front(), "Grant")) {
    auto grantees = children_named(grant, "Grantee");
    if (grantees.size() != 1) return malformed_acl("each <Grant> needs one <Grantee>");
    AclGrant g;
    g.permission = child_text(grant, "Permission");
    if (!valid_permission(g.permission)) {
      return malformed_acl(
          "<Permission> must be FULL_CONTROL, READ, WRITE, READ_ACP or "
          "WRITE_ACP, not '" +
          g.permission + "'");
    }
    std::string type;
    for (const pugi::xml_attribute& a : grantees.front().attributes()) {
      std::string_view name = a.name();
      if (name == "type" || (name.size() > 5 && name.substr(name.size() - 5) == ":type")) {
        type = a.value();
      }
    }
    if (type == "Group") {
      g.group = true;
      g.id = child_text(grantees.front(), "URI");
      if (g.id != kAllUsersUri && g.id != kAuthenticatedUsersUri && g.id != kLogDeliveryUri) {
        return core::S3Error(core::ErrorCode::kInvalidArgument, "Invalid group uri")
            .with("ArgumentName", "uri")
            .with("ArgumentValue", g.id)
            .because("the groups are " + std::string(kAllUsersUri) + ", " +
                     std::string(kAuthenticatedUsersUri) + " and " + std::string(kLogDeliveryUri));
      }
    } else if (type == "CanonicalUser") {
      g.id = child_text(grantees.front(), "ID");
      g.display_name = child_text(grantees.front(), "DisplayName");
      if (g.id.empty()) return malformed_acl("a CanonicalUser <Grantee> needs an <ID>");
    } else if (type == "AmazonCustomerByEmail") {
      return core::S3Error(core::ErrorCode::kNotImplemented,
                           "A header you provided implies functionality that is not implemented")
          .because(
              "grants by e-mail address work only in a few old AWS Regions and s3sandbox "
              "has no e-mail addresses; grant to the account's canonical id (ID) instead");
    } else {
      return malformed_acl("<Grantee> needs xsi:type=\"CanonicalUser\" or \"Group\"");
    }
    policy.grants.push_back(std::move(g));
  }
  return policy;
}

std::string render_ownership_controls(std::string_view ownership) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "OwnershipControls");
  detail::add_text(root.append_child("Rule"), "ObjectOwnership", ownership);
  return detail::serialize(doc);
}

core::Result<std::string> parse_ownership_controls(std::string_view body) {
  if (is_blank(body)) return malformed("the body is empty; it needs an <OwnershipControls>");
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "OwnershipControls", kMaxXmlBody);
  if (!root) return root.error();
  auto rules = children_named(*root, "Rule");
  if (rules.size() != 1) return malformed("<OwnershipControls> needs exactly one <Rule>");
  std::string value = child_text(rules.front(), "ObjectOwnership");
  if (value != "BucketOwnerEnforced" && value != "BucketOwnerPreferred" &&
      value != "ObjectWriter") {
    return malformed(
        "<ObjectOwnership> must be BucketOwnerEnforced, BucketOwnerPreferred or "
        "ObjectWriter, not '" +
        value + "'");
  }
  return value;
}

std::string render_public_access_block(const PublicAccessBlockConfig& c) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "PublicAccessBlockConfiguration");
  detail::add_bool(root, "BlockPublicAcls", c.block_public_acls);
  detail::add_bool(root, "IgnorePublicAcls", c.ignore_public_acls);
  detail::add_bool(root, "BlockPublicPolicy", c.block_public_policy);
  detail::add_bool(root, "RestrictPublicBuckets", c.restrict_public_buckets);
  return detail::serialize(doc);
}

core::Result<PublicAccessBlockConfig> parse_public_access_block(std::string_view body) {
  if (is_blank(body)) {
    return malformed("the body is empty; it needs a <PublicAccessBlockConfiguration>");
  }
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "PublicAccessBlockConfiguration", kMaxXmlBody);
  if (!root) return root.error();
  PublicAccessBlockConfig c;
  const auto flag = [&](std::string_view name, bool& out) -> core::Result<void> {
    std::string v = child_text(*root, name);
    if (v.empty() || v == "false") {
      out = false;
    } else if (v == "true") {
      out = true;
    } else {
      return malformed("<" + std::string(name) + "> must be true or false, not '" + v + "'");
    }
    return {};
  };
  if (auto r = flag("BlockPublicAcls", c.block_public_acls); !r) return r.error();
  if (auto r = flag("IgnorePublicAcls", c.ignore_public_acls); !r) return r.error();
  if (auto r = flag("BlockPublicPolicy", c.block_public_policy); !r) return r.error();
  if (auto r = flag("RestrictPublicBuckets", c.restrict_public_buckets); !r) return r.error();
  return c;
}

std::string render_policy_status(bool is_public) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "PolicyStatus");
  detail::add_bool(root, "IsPublic", is_public);
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
