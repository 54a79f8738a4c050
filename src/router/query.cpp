// Query parsing. '+' reads as a space, as S3 reads query strings: a request with
// `prefix=run+books` lists the prefix "run books" (observed against S3 and reported in
// brekkylab/backlot#178; SDKs therefore send a literal '+' as %2B). SigV4 canonicalization works
// on the raw query (RequestView::query), so this reading never affects signatures.
#include <algorithm>
#include <memory>
#include <optional>

#include "internal.hpp"

namespace s3sandbox::router::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `s` percent-decoded with '+' as a space, written at `w` (advanced past it); nullopt when a '%'
// is not followed by two hex digits.
std::optional<std::string_view> decode_into(char*& w, std::string_view s) {
  char* start = w;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      *w++ = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      *w++ = c == '+' ? ' ' : c;
    }
  }
  return std::string_view(start, static_cast<std::size_t>(w - start));
}

}  // namespace

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
    auto name = decode_into(w, item.substr(0, eq));
    std::optional<std::string_view> value;
    if (eq != std::string_view::npos) {
      value = decode_into(w, item.substr(eq + 1));
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
