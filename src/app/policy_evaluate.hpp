// Bucket policies (issue #17 part 3), evaluation: which statements apply to a request and what
// they decide. An explicit Deny wins over any Allow; no applicable statement is "no opinion"
// (the caller then consults ownership and ACLs). Pure: the request is described by a
// PolicyRequest whose condition values are looked up on demand.
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "policy_document.hpp"

namespace s3sandbox::app {

struct PolicyRequest {
  std::string_view action;  // "s3:GetObject", from the operations table
  std::string resource;     // "arn:aws:s3:::bucket" or "arn:aws:s3:::bucket/key"
  bool anonymous = false;
  std::string account_id;    // 12 digits (empty when anonymous)
  std::string canonical_id;  // 64 hex (empty when anonymous)
  std::string access_key;    // (empty when anonymous)
  // The value of a condition key (lower-cased name), nullopt when the request has none.
  std::function<std::optional<std::string>(std::string_view key)> value;
};

enum class PolicyEffect { kNone, kAllow, kDeny };

struct PolicyVerdict {
  PolicyEffect effect = PolicyEffect::kNone;
  std::string sid;                // of the deciding statement ("" when it has none), for diagnoses
  int index = -1;                 // its position in the Statement list
  bool public_statement = false;  // the Allow came from a statement open to every principal
};

PolicyVerdict evaluate_policy(const BucketPolicy& policy, const PolicyRequest& request);

// One condition against a value (exposed for tests).
bool condition_holds(const PolicyCondition& c, const std::optional<std::string>& value);

}  // namespace s3sandbox::app
