// Query parameters of a raw query string, decoded once, in received order. Names are kept as
// received (S3's X-Amz-* and AWSAccessKeyId parameters are case-sensitive).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace s3sandbox::auth {

struct QueryParam {
  std::string name;   // decoded
  std::string value;  // decoded ("" when absent)
  bool has_value = false;  // the item contained '='
};

std::vector<QueryParam> parse_query(std::string_view raw_query);
// SigV4's canonical query string of already parsed parameters (see canonical_query in
// sigv4_canonical.hpp, which parses first): verification reuses the parse it already has.
std::string canonical_query_of(const std::vector<QueryParam>& params, bool exclude_signature);
// First parameter with exactly this name, or nullptr.
const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name);

}  // namespace s3sandbox::auth
