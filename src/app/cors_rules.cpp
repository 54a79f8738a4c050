#include "cors_rules.hpp"

#include <algorithm>

#include "s3sandbox/app/faults.hpp"

namespace s3sandbox::app {
namespace {

// What --cors=permissive lets a browser script read: every header s3sandbox sends that is not
// CORS-safelisted (Cache-Control, Content-Language, Content-Length, Content-Type, Expires,
// Last-Modified, Pragma are readable anyway, but some browsers lag; they are listed too).
constexpr std::string_view kPermissiveExpose =
    "ETag, x-amz-request-id, x-amz-id-2, x-amz-version-id, x-amz-delete-marker, "
    "x-amz-checksum-crc32, x-amz-checksum-crc32c, x-amz-checksum-crc64nvme, x-amz-checksum-sha1, "
    "x-amz-checksum-sha256, x-amz-checksum-type, x-amz-mp-parts-count, x-amz-storage-class, "
    "x-amz-server-side-encryption, x-amz-bucket-region, x-s3sandbox-diagnosis, Content-Length, "
    "Content-Range, Content-Type, Content-Disposition, Content-Encoding, Content-Language, "
    "Cache-Control, Expires, Last-Modified, Accept-Ranges, Location, Date";

constexpr std::string_view kPermissiveMaxAge = "3600";

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

bool origin_matches(const storage::CorsRule& rule, std::string_view origin) {
  return std::any_of(rule.allowed_origins.begin(), rule.allowed_origins.end(),
                     [&](const std::string& p) { return cors_wildcard_match(p, origin); });
}

bool method_matches(const storage::CorsRule& rule, std::string_view method) {
  return std::find(rule.allowed_methods.begin(), rule.allowed_methods.end(), method) !=
         rule.allowed_methods.end();
}

// A requested header (already lower case) against the rule's AllowedHeader, case-insensitively.
bool header_allowed(const storage::CorsRule& rule, std::string_view header) {
  return std::any_of(
      rule.allowed_headers.begin(), rule.allowed_headers.end(),
      [&](const std::string& p) { return cors_wildcard_match(core::to_lower(p), header); });
}

// The first requested header the rule does not allow, if any.
const std::string* refused_header(const storage::CorsRule& rule, const CorsRequest& request) {
  for (const std::string& h : request.headers) {
    if (!header_allowed(rule, h)) return &h;
  }
  return nullptr;
}

bool allows_any_origin(const storage::CorsRule& rule) {
  return std::find(rule.allowed_origins.begin(), rule.allowed_origins.end(), "*") !=
         rule.allowed_origins.end();
}

// The headers shared by preflight and actual responses, with Allow-Headers (when given) after
// Allow-Methods, where S3 puts it.
std::vector<core::Header> rule_headers(const storage::CorsRule& rule, const std::string& origin,
                                       const std::vector<std::string>* allow_headers) {
  bool any = allows_any_origin(rule);
  std::vector<core::Header> out;
  out.push_back({"Access-Control-Allow-Origin", any ? std::string("*") : origin});
  out.push_back({"Access-Control-Allow-Methods", join(rule.allowed_methods)});
  if (allow_headers && !allow_headers->empty()) {
    out.push_back({"Access-Control-Allow-Headers", join(*allow_headers)});
  }
  if (!rule.expose_headers.empty()) {
    out.push_back({"Access-Control-Expose-Headers", join(rule.expose_headers)});
  }
  if (rule.max_age_seconds) {
    out.push_back({"Access-Control-Max-Age", std::to_string(*rule.max_age_seconds)});
  }
  if (!any) out.push_back({"Access-Control-Allow-Credentials", "true"});
  out.push_back({"Vary", std::string(kCorsVary)});
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "'" : ", '") + item + "'";
  return out;
}

}  // namespace

bool cors_wildcard_match(std::string_view pattern, std::string_view text) {
  return glob_match(pattern, text, /*question_mark_wild=*/false);
}

std::vector<std::string> split_request_headers(std::string_view list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    std::string_view item =
        list.substr(start, comma == std::string_view::npos ? list.npos : comma - start);
    auto first = item.find_first_not_of(" \t");
    if (first != std::string_view::npos) {
      auto last = item.find_last_not_of(" \t");
      out.push_back(core::to_lower(item.substr(first, last - first + 1)));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::size_t> first_matching_rule(const std::vector<storage::CorsRule>& rules,
                                               const CorsRequest& request, bool check_headers) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const storage::CorsRule& rule = rules[i];
    if (!origin_matches(rule, request.origin) || !method_matches(rule, request.method)) continue;
    if (check_headers && refused_header(rule, request) != nullptr) continue;
    return i;
  }
  return std::nullopt;
}

std::vector<core::Header> preflight_headers(const storage::CorsRule& rule,
                                            const CorsRequest& request) {
  return rule_headers(rule, request.origin, &request.headers);
}

std::vector<core::Header> actual_headers(const storage::CorsRule& rule, const std::string& origin) {
  return rule_headers(rule, origin, nullptr);
}

std::vector<core::Header> permissive_preflight_headers(const CorsRequest& request) {
  std::vector<core::Header> out;
  out.push_back({"Access-Control-Allow-Origin", request.origin});
  out.push_back({"Access-Control-Allow-Methods", request.method});
  if (!request.headers.empty()) {
    out.push_back({"Access-Control-Allow-Headers", join(request.headers)});
  }
  out.push_back({"Access-Control-Expose-Headers", std::string(kPermissiveExpose)});
  out.push_back({"Access-Control-Max-Age", std::string(kPermissiveMaxAge)});
  out.push_back({"Access-Control-Allow-Credentials", "true"});
  out.push_back({"Vary", std::string(kCorsVary)});
  return out;
}

std::vector<core::Header> permissive_actual_headers(const std::string& origin) {
  return {{"Access-Control-Allow-Origin", origin},
          {"Access-Control-Expose-Headers", std::string(kPermissiveExpose)},
          {"Access-Control-Allow-Credentials", "true"},
          {"Vary", std::string(kCorsVary)}};
}

std::string explain_cors_refusal(const std::vector<storage::CorsRule>& rules,
                                 const CorsRequest& request) {
  if (rules.empty()) return "the bucket's CORS configuration has no rule";
  std::size_t best = 0;
  int best_score = -1;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    // A rule for this origin is the one its author meant: the origin weighs most, then the method.
    int score = (origin_matches(rules[i], request.origin) ? 4 : 0) +
                (method_matches(rules[i], request.method) ? 2 : 0) +
                (refused_header(rules[i], request) == nullptr ? 1 : 0);
    if (score > best_score) {
      best = i;
      best_score = score;
    }
  }
  const storage::CorsRule& rule = rules[best];
  std::string out = "no CORS rule of the bucket allows this request; rule " +
                    std::to_string(best + 1) + (rule.id.empty() ? "" : " (ID '" + rule.id + "')") +
                    " comes closest, but ";
  std::vector<std::string> problems;
  if (!origin_matches(rule, request.origin)) {
    std::string p = "the origin '" + request.origin + "' matches none of its AllowedOrigin (" +
                    quoted_list(rule.allowed_origins) + ")";
    bool other_case = std::any_of(
        rule.allowed_origins.begin(), rule.allowed_origins.end(), [&](const std::string& o) {
          return cors_wildcard_match(core::to_lower(o), core::to_lower(request.origin));
        });
    if (other_case) p += "; origins are compared case-sensitively";
    problems.push_back(std::move(p));
  }
  if (!method_matches(rule, request.method)) {
    problems.push_back("the method " + request.method + " is not among its AllowedMethod (" +
                       quoted_list(rule.allowed_methods) + ")");
  }
  if (const std::string* h = refused_header(rule, request)) {
    problems.push_back("the requested header '" + *h + "' matches none of its AllowedHeader (" +
                       quoted_list(rule.allowed_headers) + ")");
  }
  for (std::size_t i = 0; i < problems.size(); ++i) out += (i == 0 ? "" : "; and ") + problems[i];
  return out;
}

}  // namespace s3sandbox::app
