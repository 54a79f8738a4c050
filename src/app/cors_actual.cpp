// The Access-Control-* headers of actual (non-OPTIONS) responses. S3 adds them to every
// response whose request matches a rule by Origin and method, errors included; without them a
// browser script cannot even read the error.
#include "cors.hpp"
#include "cors_rules.hpp"

namespace s3sandbox::app {

std::vector<core::Header> actual_cors_headers(Services& svc, const std::string& origin,
                                              const std::string& method,
                                              const router::Operation* op,
                                              std::string* matched_rule) {
  const bool permissive = svc.options.cors == CorsMode::kPermissive;
  if (op != nullptr && op->kind == router::OpKind::kSandbox) {
    return permissive_actual_headers(origin);
  }
  if (op != nullptr && !op->bucket.empty()) {
    auto rules = svc.backend.get_bucket_cors(op->bucket);
    // A bucket with a configuration is always judged by its own rules, in every mode.
    if (rules && *rules) {
      auto index = first_matching_rule(**rules, {origin, method, {}}, false);
      if (!index) return {};
      if (matched_rule != nullptr) *matched_rule = describe_cors_rule(**rules, *index);
      return actual_headers((**rules)[*index], origin);
    }
  }
  if (!permissive) return {};
  if (matched_rule != nullptr) *matched_rule = "permissive";
  return permissive_actual_headers(origin);
}

std::string describe_cors_rule(const std::vector<storage::CorsRule>& rules, std::size_t index) {
  std::string text = "rule " + std::to_string(index + 1);
  if (!rules[index].id.empty()) text += " (ID " + rules[index].id + ")";
  return text;
}

}  // namespace s3sandbox::app
