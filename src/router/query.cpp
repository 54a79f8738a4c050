// Query parsing. '+' reads as a space, as S3 reads query strings: a request with
// `prefix=run+books` lists the prefix "run books" (observed against S3 and reported in
// brekkylab/backlot#178; SDKs therefore send a literal '+' as %2B). SigV4 canonicalization works
// on the raw query (RequestView::query), so this reading never affects signatures.
#include <algorithm>

#include "internal.hpp"

namespace s3sandbox::router::detail {

core::Result<std::vector<QueryParam>> parse_query(std::string_view raw) {
  std::vector<QueryParam> params;
  // A presigned URL has eight or nine parameters; counting the '&' first cost more than the
  // rare reallocation beyond that.
  params.reserve(10);
  while (!raw.empty()) {
    auto amp = raw.find('&');
    std::string_view item = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (item.empty()) continue;  // "a&&b"

    QueryParam p;
    auto eq = item.find('=');
    auto name = percent_decode(item.substr(0, eq), /*plus_is_space=*/true);
    std::optional<std::string> value;
    if (eq != std::string_view::npos) {
      value = percent_decode(item.substr(eq + 1), /*plus_is_space=*/true);
      p.has_value = true;
    }
    if (!name || (p.has_value && !value)) {
      return core::S3Error(core::ErrorCode::kInvalidURI)
          .because("the query parameter '" + std::string(item) +
                   "' has a '%' not followed by two hex digits");
    }
    p.name = std::move(*name);
    if (value) p.value = std::move(*value);
    params.push_back(std::move(p));
  }
  return params;
}

}  // namespace s3sandbox::router::detail
