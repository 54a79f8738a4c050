// The access-control documents, both ways: AccessControlPolicy (Get/Put Bucket and Object ACL),
// OwnershipControls and PublicAccessBlockConfiguration. Parsers return MalformedACLError (ACLs)
// or MalformedXML (the others) with a diagnosis. Pure functions; thread safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {

inline constexpr std::string_view kAllUsersUri = "http://acs.amazonaws.com/groups/global/AllUsers";
inline constexpr std::string_view kAuthenticatedUsersUri =
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
inline constexpr std::string_view kLogDeliveryUri =
    "http://acs.amazonaws.com/groups/s3/LogDelivery";

struct AclGrant {
  bool group = false;        // Group (by URI) rather than CanonicalUser (by ID)
  std::string id;            // the canonical id, or the group's URI
  std::string display_name;  // CanonicalUser only, rendered when known
  std::string permission;    // FULL_CONTROL, READ, WRITE, READ_ACP, WRITE_ACP
};

struct AccessControlPolicy {
  Owner owner;
  std::vector<AclGrant> grants;
};

std::string render_access_control_policy(const AccessControlPolicy& policy);
// Grantees by EmailAddress are refused (S3 supports them in a few old Regions only).
core::Result<AccessControlPolicy> parse_access_control_policy(std::string_view body);

// <OwnershipControls><Rule><ObjectOwnership>value</ObjectOwnership></Rule></OwnershipControls>
std::string render_ownership_controls(std::string_view ownership);
core::Result<std::string> parse_ownership_controls(std::string_view body);

struct PublicAccessBlockConfig {
  bool block_public_acls = true;
  bool ignore_public_acls = true;
  bool block_public_policy = true;
  bool restrict_public_buckets = true;
};
std::string render_public_access_block(const PublicAccessBlockConfig& c);
// A missing element is false, as on S3.
core::Result<PublicAccessBlockConfig> parse_public_access_block(std::string_view body);

// <PolicyStatus><IsPublic>true|false</IsPublic></PolicyStatus>
std::string render_policy_status(bool is_public);

}  // namespace s3sandbox::xml
