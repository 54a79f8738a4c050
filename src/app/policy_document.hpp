// Bucket policies (issue #17 part 3), the document: parsing and S3's validation at
// PutBucketPolicy time (MalformedPolicy with S3's messages, plus a diagnosis). What s3sandbox
// cannot evaluate (NotPrincipal, Service principals, unknown condition keys or operators,
// ForAnyValue/ForAllValues) is refused here, never silently ignored.
// Thread safety: pure functions over values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::app {

struct PolicyCondition {
  std::string op;  // the operator without IfExists: "StringLike", "IpAddress", ...
  bool if_exists = false;
  std::string key;  // lower-cased: "aws:sourceip", "s3:existingobjecttag/color"
  std::vector<std::string> values;
};

struct PolicyStatement {
  std::string sid;
  bool allow = true;
  bool any_principal = false;           // "*" or {"AWS": "*"}
  std::vector<std::string> principals;  // 12-digit account ids or canonical ids or access keys
  bool not_action = false;
  std::vector<std::string> actions;  // lower-cased patterns, "s3:get*"
  bool not_resource = false;
  std::vector<std::string> resources;  // ARN patterns
  std::vector<PolicyCondition> conditions;
};

struct BucketPolicy {
  std::vector<PolicyStatement> statements;
};

// `bucket` is the bucket the policy is put on: every Resource must name it.
core::Result<BucketPolicy> parse_bucket_policy(std::string_view json, std::string_view bucket);

// S3's "public" test (User Guide, "The meaning of public"): an Allow to every principal not
// narrowed by a condition on a fixed value (source IP, account, ARN, VPC).
bool policy_is_public(const BucketPolicy& policy);

// '*' any run, '?' one character; `case_insensitive` for actions.
bool wildcard_match(std::string_view pattern, std::string_view text, bool case_insensitive);

}  // namespace s3sandbox::app
