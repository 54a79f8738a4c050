#include "policy_document.hpp"

#include <boost/json.hpp>
#include <cctype>

#include "s3sandbox/core/access_errors.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::app {
namespace {

namespace json = boost::json;

core::S3Error malformed_policy(std::string message, std::string why) {
  return core::S3Error(core::kMalformedPolicy, std::move(message)).because(std::move(why));
}

// A string or an array of strings.
core::Result<std::vector<std::string>> strings_of(const json::value& v, const std::string& field) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.emplace_back(v.as_string().c_str(), v.as_string().size());
    return out;
  }
  if (v.is_array() && !v.as_array().empty()) {
    for (const json::value& item : v.as_array()) {
      if (!item.is_string()) break;
      out.emplace_back(item.as_string().c_str(), item.as_string().size());
    }
    if (out.size() == v.as_array().size()) return out;
  }
  return malformed_policy("Policy has an invalid " + field,
                          field + " must be a string or a non-empty list of strings");
}

bool is_digits(std::string_view s, std::size_t n) {
  if (s.size() != n) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// arn:aws:iam::123456789012:root / :user/name, a bare account id, or an access key (sandbox).
core::Result<std::string> principal_id(const std::string& p) {
  constexpr std::string_view kArn = "arn:aws:iam::";
  if (p.starts_with(kArn)) {
    std::string_view rest = std::string_view(p).substr(kArn.size());
    std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos && is_digits(rest.substr(0, colon), 12)) {
      std::string_view what = rest.substr(colon + 1);
      if (what == "root" || what.starts_with("user/") || what.starts_with("role/")) {
        return std::string(rest.substr(0, colon));
      }
    }
    return malformed_policy("Invalid principal in policy",
                            "'" + p + "' is not arn:aws:iam::<12-digit account id>:root");
  }
  if (p.empty() || p.find_first_of(" *:/") != std::string::npos) {
    return malformed_policy("Invalid principal in policy",
                            "a principal is \"*\", an account id, arn:aws:iam::<account>:root "
                            "or a configured access key, not '" +
                                p + "'");
  }
  return p;
}

core::Result<void> read_principal(const json::value& v, PolicyStatement& s) {
  if (v.is_string() && v.as_string() == "*") {
    s.any_principal = true;
    return {};
  }
  if (!v.is_object() || v.as_object().empty()) {
    return malformed_policy("Invalid principal in policy",
                            "Principal is \"*\" or an object such as {\"AWS\": \"arn:aws:iam::"
                            "<account>:root\"}");
  }
  for (const auto& [kind, value] : v.as_object()) {
    auto names = strings_of(value, "principal");
    if (!names) return malformed_policy("Invalid principal in policy", names.error().diagnosis);
    if (kind == "AWS") {
      for (const std::string& n : *names) {
        if (n == "*") {
          s.any_principal = true;
          continue;
        }
        auto id = principal_id(n);
        if (!id) return id.error();
        s.principals.push_back(*id);
      }
    } else if (kind == "CanonicalUser") {
      for (const std::string& n : *names) s.principals.push_back(n);
    } else {
      return malformed_policy("Invalid principal in policy",
                              "s3sandbox has accounts only (AWS or CanonicalUser principals); "
                              "a " +
                                  std::string(kind) + " principal cannot match a request here");
    }
  }
  return {};
}

// Every IAM action the operations table names, lower-cased.
const std::vector<std::string>& known_actions() {
  static const std::vector<std::string> actions = [] {
    std::vector<std::string> out;
    for (const router::OperationRow& row : router::operation_rows()) {
      for (std::string_view a : {row.iam.action, row.iam.with_version}) {
        if (!a.empty()) out.push_back(core::to_lower(a));
      }
    }
    return out;
  }();
  return actions;
}

core::Result<void> check_action(const std::string& pattern) {
  if (pattern == "*") return {};
  for (const std::string& a : known_actions()) {
    if (wildcard_match(pattern, a, true)) return {};
  }
  return malformed_policy("Policy has invalid action",
                          "'" + pattern +
                              "' matches no S3 action (the IAM names in the "
                              "operations table, e.g. s3:GetObject, s3:ListBucket, s3:*)");
}

core::Result<void> check_resource(const std::string& r, std::string_view bucket) {
  constexpr std::string_view kArn = "arn:aws:s3:::";
  if (r == "*") return {};
  if (!r.starts_with(kArn)) {
    return malformed_policy("Policy has invalid resource",
                            "'" + r +
                                "' is not an S3 ARN (arn:aws:s3:::bucket or "
                                "arn:aws:s3:::bucket/key-pattern)");
  }
  std::string_view rest = std::string_view(r).substr(kArn.size());
  std::string_view bucket_part = rest.substr(0, rest.find('/'));
  if (!wildcard_match(bucket_part, bucket, false)) {
    return malformed_policy("Policy has invalid resource",
                            "'" + r + "' is outside bucket '" + std::string(bucket) +
                                "': a bucket policy may name only its own bucket and objects");
  }
  return {};
}

bool known_operator(std::string_view op) {
  static constexpr std::string_view kOps[] = {"StringEquals",
                                              "StringNotEquals",
                                              "StringEqualsIgnoreCase",
                                              "StringNotEqualsIgnoreCase",
                                              "StringLike",
                                              "StringNotLike",
                                              "IpAddress",
                                              "NotIpAddress",
                                              "Bool",
                                              "NumericEquals",
                                              "NumericNotEquals",
                                              "NumericLessThan",
                                              "NumericLessThanEquals",
                                              "NumericGreaterThan",
                                              "NumericGreaterThanEquals",
                                              "DateEquals",
                                              "DateNotEquals",
                                              "DateLessThan",
                                              "DateLessThanEquals",
                                              "DateGreaterThan",
                                              "DateGreaterThanEquals",
                                              "Null"};
  for (std::string_view k : kOps) {
    if (k == op) return true;
  }
  return false;
}

bool known_key(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "aws:sourceip",         "aws:securetransport", "aws:currenttime",
      "aws:epochtime",        "aws:referer",         "aws:useragent",
      "aws:principalaccount", "aws:principaltype",   "s3:prefix",
      "s3:delimiter",         "s3:max-keys",         "s3:x-amz-acl",
      "s3:signatureversion",  "s3:authtype",         "s3:x-amz-content-sha256"};
  for (std::string_view k : kKeys) {
    if (k == key) return true;
  }
  return key.starts_with("s3:existingobjecttag/") && key.size() > 21;
}

core::Result<void> read_conditions(const json::value& v, PolicyStatement& s) {
  if (!v.is_object()) {
    return malformed_policy("Policy has an invalid condition",
                            "Condition is an object: {\"Operator\": {\"key\": value}}");
  }
  for (const auto& [op_name, block] : v.as_object()) {
    std::string op(op_name);
    if (op.starts_with("ForAnyValue:") || op.starts_with("ForAllValues:")) {
      return malformed_policy("Invalid Condition type : " + op,
                              "set operators (ForAnyValue/ForAllValues) are not supported by "
                              "s3sandbox; S3's single-valued keys need none");
    }
    bool if_exists = op.size() > 8 && op.ends_with("IfExists");
    if (if_exists) op.resize(op.size() - 8);
    if (!known_operator(op) || !block.is_object()) {
      return malformed_policy("Invalid Condition type : " + std::string(op_name),
                              "supported operators: String*, IpAddress, NotIpAddress, Bool, "
                              "Numeric*, Date*, Null, each with IfExists");
    }
    for (const auto& [key_name, values] : block.as_object()) {
      PolicyCondition c{op, if_exists, core::to_lower(std::string_view(key_name)), {}};
      if (!known_key(c.key)) {
        return malformed_policy("Policy has an invalid condition key",
                                "s3sandbox cannot evaluate the condition key '" +
                                    std::string(key_name) +
                                    "'; it evaluates aws:SourceIp, aws:SecureTransport, "
                                    "aws:CurrentTime, aws:EpochTime, aws:Referer, aws:UserAgent, "
                                    "aws:PrincipalAccount, s3:prefix, s3:delimiter, "
                                    "s3:max-keys, s3:x-amz-acl, s3:ExistingObjectTag/<key>, "
                                    "s3:signatureversion, s3:authType");
      }
      if (values.is_bool()) {
        c.values.push_back(values.as_bool() ? "true" : "false");
      } else if (values.is_number()) {
        c.values.push_back(json::serialize(values));
      } else {
        auto list = strings_of(values, "condition value");
        if (!list) return list.error();
        c.values = std::move(*list);
      }
      s.conditions.push_back(std::move(c));
    }
  }
  return {};
}

core::Result<PolicyStatement> read_statement(const json::value& v, std::string_view bucket) {
  if (!v.is_object()) {
    return malformed_policy("Statement is not well formed", "each Statement is an object");
  }
  const json::object& o = v.as_object();
  PolicyStatement s;
  for (const auto& [name, value] : o) {
    if (name != "Sid" && name != "Effect" && name != "Principal" && name != "Action" &&
        name != "NotAction" && name != "Resource" && name != "NotResource" && name != "Condition") {
      return malformed_policy(
          "Unknown field " + std::string(name),
          name == "NotPrincipal"
              ? "NotPrincipal is not supported by s3sandbox; use Principal with a Deny instead"
              : "a Statement has Sid, Effect, Principal, Action/NotAction, Resource/NotResource "
                "and Condition");
    }
  }
  if (auto sid = o.if_contains("Sid"); sid && sid->is_string()) s.sid = sid->as_string().c_str();
  const json::value* effect = o.if_contains("Effect");
  if (effect == nullptr) return malformed_policy("Missing required field Effect", "");
  if (!effect->is_string() || (effect->as_string() != "Allow" && effect->as_string() != "Deny")) {
    return malformed_policy("Invalid effect: " + json::serialize(*effect),
                            "Effect is \"Allow\" or \"Deny\"");
  }
  s.allow = effect->as_string() == "Allow";
  const json::value* principal = o.if_contains("Principal");
  if (principal == nullptr) {
    return malformed_policy("Missing required field Principal",
                            "a bucket policy statement names who it applies to: \"*\" or "
                            "{\"AWS\": \"arn:aws:iam::<account>:root\"}");
  }
  if (auto r = read_principal(*principal, s); !r) return r.error();
  const json::value* action = o.if_contains("Action");
  const json::value* not_action = o.if_contains("NotAction");
  if ((action == nullptr) == (not_action == nullptr)) {
    return malformed_policy("Missing required field Action",
                            "a statement has exactly one of Action and NotAction");
  }
  s.not_action = not_action != nullptr;
  auto actions = strings_of(s.not_action ? *not_action : *action, "action");
  if (!actions) return actions.error();
  for (std::string& a : *actions) {
    a = core::to_lower(a);
    if (auto r = check_action(a); !r) return r.error();
  }
  s.actions = std::move(*actions);
  const json::value* resource = o.if_contains("Resource");
  const json::value* not_resource = o.if_contains("NotResource");
  if ((resource == nullptr) == (not_resource == nullptr)) {
    return malformed_policy("Missing required field Resource",
                            "a statement has exactly one of Resource and NotResource");
  }
  s.not_resource = not_resource != nullptr;
  auto resources = strings_of(s.not_resource ? *not_resource : *resource, "resource");
  if (!resources) return resources.error();
  for (const std::string& r : *resources) {
    if (auto ok = check_resource(r, bucket); !ok) return ok.error();
  }
  s.resources = std::move(*resources);
  if (const json::value* c = o.if_contains("Condition")) {
    if (auto r = read_conditions(*c, s); !r) return r.error();
  }
  return s;
}

}  // namespace

bool wildcard_match(std::string_view pattern, std::string_view text, bool case_insensitive) {
  const auto eq = [case_insensitive](char a, char b) {
    if (!case_insensitive) return a == b;
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  };
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

core::Result<BucketPolicy> parse_bucket_policy(std::string_view text, std::string_view bucket) {
  if (text.size() > 20 * 1024) {
    return malformed_policy("Policies must be less than 20 KB",
                            "S3 limits a bucket policy to 20 KB");
  }
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) {
    return malformed_policy(
        "Policies must be valid JSON and the first byte must be '{'",
        ec ? "the JSON does not parse: " + ec.message() : "the policy is a JSON object");
  }
  const json::object& o = doc.as_object();
  for (const auto& [name, value] : o) {
    if (name != "Version" && name != "Id" && name != "Statement") {
      return malformed_policy("Unknown field " + std::string(name),
                              "a policy has Version, Id and Statement");
    }
  }
  if (const json::value* v = o.if_contains("Version")) {
    if (!v->is_string() || (v->as_string() != "2012-10-17" && v->as_string() != "2008-10-17")) {
      return malformed_policy("Invalid policy document version",
                              "Version is \"2012-10-17\" (or the older \"2008-10-17\")");
    }
  }
  const json::value* statements = o.if_contains("Statement");
  if (statements == nullptr) return malformed_policy("Missing required field Statement", "");
  BucketPolicy policy;
  if (statements->is_object()) {
    auto s = read_statement(*statements, bucket);
    if (!s) return s.error();
    policy.statements.push_back(std::move(*s));
  } else if (statements->is_array() && !statements->as_array().empty()) {
    for (const json::value& v : statements->as_array()) {
      auto s = read_statement(v, bucket);
      if (!s) return s.error();
      policy.statements.push_back(std::move(*s));
    }
  } else {
    return malformed_policy("Missing required field Statement",
                            "Statement is an object or a non-empty list of objects");
  }
  return policy;
}

bool policy_is_public(const BucketPolicy& policy) {
  for (const PolicyStatement& s : policy.statements) {
    if (!s.allow || !s.any_principal) continue;
    bool narrowed = false;
    for (const PolicyCondition& c : s.conditions) {
      narrowed |= (c.key == "aws:sourceip" && c.op == "IpAddress") ||
                  (c.key == "aws:principalaccount" && c.op.starts_with("StringEquals"));
    }
    if (!narrowed) return true;
  }
  return false;
}

}  // namespace s3sandbox::app
