// Query parameters of a raw query string, decoded once, in received order. Names are kept as
// received (S3's X-Amz-* and AWSAccessKeyId parameters are case-sensitive).
// Thread safety: pure functions.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace s3sandbox::auth {

// One parameter; the views point into the ParsedQuery it came from.
struct QueryParam {
  std::string_view name;   // decoded
  std::string_view value;  // decoded ("" when absent)
  bool has_value = false;  // the item contained '='
};

// The parameters of one query string and the one buffer holding their decoded text (a string
// per name and value was a fifth of a presigned GET's allocations). Move-only: the views stay
// valid when it moves, and it is never copied away from them.
struct ParsedQuery {
  std::vector<QueryParam> params;
  std::unique_ptr<char[]> text;

  ParsedQuery() = default;
  ParsedQuery(ParsedQuery&&) noexcept = default;
  ParsedQuery& operator=(ParsedQuery&&) noexcept = default;
  ParsedQuery(const ParsedQuery&) = delete;
  ParsedQuery& operator=(const ParsedQuery&) = delete;
};

ParsedQuery parse_query(std::string_view raw_query);
// SigV4's canonical query string of already parsed parameters (see canonical_query in
// sigv4_canonical.hpp, which parses first): verification reuses the parse it already has.
std::string canonical_query_of(const std::vector<QueryParam>& params, bool exclude_signature);
// First parameter with exactly this name, or nullptr.
const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name);

}  // namespace s3sandbox::auth
