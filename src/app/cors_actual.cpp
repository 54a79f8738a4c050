// The Access-Control-* headers of actual (non-OPTIONS) responses. S3 adds them to every
// response whose request matches a rule by Origin and method, errors included; without them a
// browser script cannot even read the error.
#include "cors.hpp"
#include "cors_rules.hpp"

namespace s3sandbox::app {

std::vector<core::Header> actual_cors_headers(Services& svc, const std::string& origin,
                                              const std::string& method,
                                              const router::Operation* op) {
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
      return actual_headers((**rules)[*index], origin);
    }
  }
  if (permissive) return permissive_actual_headers(origin);
  return {};
}

}  // namespace s3sandbox::app
