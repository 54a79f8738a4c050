// A request's query string, parsed once (by the router) and read by everything after it: the
// handlers by S3's reading of each name and value, authentication by the reading signatures
// cover. Both readings are decoded into one buffer that the parameters' views point into.
// Thread safety: plain values; parse_query is pure.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::core {

// One parameter, in received order (repeats kept). The raw query stays in RequestView::query.
struct QueryParam {
  std::string_view name;   // percent-decoded, '+' read as a space (as S3 reads query strings)
  std::string_view value;  // percent-decoded, '+' read as a space; "" when absent
  bool has_value = false;  // "?uploads" has none, "?uploads=" has an empty one
  // The name and value decoded with '+' kept as '+': the text clients sign (SigV4's canonical
  // query re-encodes it as %2B; SigV2 signs it as is), so what authentication reads. They view
  // the same bytes as name and value unless the item had a literal '+'.
  std::string_view signed_name;
  std::string_view signed_value;
};

// The parameters of one query string and the buffer holding their decoded text, shared by
// copies (a string per name and value was a tenth of a small GET's allocations).
struct ParsedQuery {
  std::vector<QueryParam> params;
  std::shared_ptr<const char[]> text;  // what the params' views point into
};

// Splits on '&' (empty items skipped) and on the first '=' of each item, and decodes names and
// values. InvalidURI when a '%' is not followed by two hex digits, as S3 answers.
Result<ParsedQuery> parse_query(std::string_view raw_query);

}  // namespace s3sandbox::core
