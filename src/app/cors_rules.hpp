// CORS evaluation as S3 does it, as pure functions over a bucket's rules: which rule a request
// matches, and the Access-Control-* headers to answer with. No I/O; the callers (the preflight
// handler and the actual-response path in application.cpp) fetch the rules.
//
// S3's rules (User Guide, "How Amazon S3 evaluates the CORS configuration on a bucket"): the
// first rule whose AllowedOrigin matches the Origin (case-sensitive, one '*' matches any run of
// characters), whose AllowedMethod holds the method (the request's, or a preflight's
// Access-Control-Request-Method) and, for a preflight, whose AllowedHeader matches every name
// of Access-Control-Request-Headers (case-insensitive, '*' wildcards) decides. When that rule's
// origins include the literal "*", Access-Control-Allow-Origin is "*" and no
// Access-Control-Allow-Credentials is sent; otherwise the request's Origin is echoed with
// Access-Control-Allow-Credentials: true.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

inline constexpr std::string_view kCorsVary =
    "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

// What the CORS evaluation looks at in a request.
struct CorsRequest {
  std::string origin;
  std::string method;                // the request's, or Access-Control-Request-Method
  std::vector<std::string> headers;  // Access-Control-Request-Headers, lower case (preflight)
};

// `pattern` with '*' matching any run of characters (also empty), compared byte for byte.
bool cors_wildcard_match(std::string_view pattern, std::string_view text);

// "Content-Type, X-Amz-Date ,," -> {"content-type", "x-amz-date"}.
std::vector<std::string> split_request_headers(std::string_view list);

// The index of the first rule matching origin and method and, when `check_headers`, every
// requested header (a preflight); nullopt when none does.
std::optional<std::size_t> first_matching_rule(const std::vector<storage::CorsRule>& rules,
                                               const CorsRequest& request, bool check_headers);

// The answer to a preflight that `rule` matched, in S3's header order: Allow-Origin,
// Allow-Methods, [Allow-Headers], [Expose-Headers], [Max-Age], [Allow-Credentials], Vary.
std::vector<core::Header> preflight_headers(const storage::CorsRule& rule,
                                            const CorsRequest& request);
// The headers of an actual (non-OPTIONS) response whose request `rule` matched: the same as a
// preflight's without Allow-Headers.
std::vector<core::Header> actual_headers(const storage::CorsRule& rule, const std::string& origin);

// --cors=permissive, for buckets without a configuration: everything asked for is allowed.
std::vector<core::Header> permissive_preflight_headers(const CorsRequest& request);
std::vector<core::Header> permissive_actual_headers(const std::string& origin);

// Why no rule matched a preflight, in plain words: the rule that came closest (a matching origin
// counts most, then the method, then the headers; the first on a tie) and what it does not allow.
std::string explain_cors_refusal(const std::vector<storage::CorsRule>& rules,
                                 const CorsRequest& request);

}  // namespace s3sandbox::app
