// Query parsing. '+' reads as a space, as S3 reads query strings: a request with
// `prefix=run+books` lists the prefix "run books" (observed against S3 and reported in
// brekkylab/backlot#178; SDKs therefore send a literal '+' as %2B). SigV4 canonicalization works
// on the raw query (RequestView::query), so this reading never affects signatures.
#include <algorithm>
#include <memory>
#include <optional>

#include "internal.hpp"
#include "text.hpp"

namespace s3sandbox::router::detail {

core::Result<ParsedQuery> parse_query(std::string_view raw) {
  ParsedQuery out;
  if (raw.empty()) return out;
  // Decoding never lengthens text: one buffer of the raw size holds every name and value.
  auto text = std::make_shared_for_overwrite<char[]>(raw.size());
  char* w = text.get();
  // A presigned URL has eight or nine parameters; counting the '&' first cost more than the
  // rare reallocation beyond that.
  out.params.reserve(10);
  while (!raw.empty()) {
    auto amp = raw.find('&');
    std::string_view item = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (item.empty()) continue;  // "a&&b"

    QueryParam p;
    auto eq = item.find('=');
    auto name = percent_decode_into(w, item.substr(0, eq), true);
    std::optional<std::string_view> value;
    if (eq != std::string_view::npos) {
      value = percent_decode_into(w, item.substr(eq + 1), true);
      p.has_value = true;
    }
    if (!name || (p.has_value && !value)) {
      return core::S3Error(core::ErrorCode::kInvalidURI)
          .because("the query parameter '" + std::string(item) +
                   "' has a '%' not followed by two hex digits");
    }
    p.name = *name;
    if (value) p.value = *value;
    out.params.push_back(p);
  }
  out.text = std::move(text);
  return out;
}

}  // namespace s3sandbox::router::detail
