// Query parsing. '+' reads as a space, as S3 reads query strings: a request with
// `prefix=run+books` lists the prefix "run books" (observed against S3 and reported in
// brekkylab/backlot#178; SDKs therefore send a literal '+' as %2B). Signatures cover the query
// with '+' as itself, so an item with a literal '+' is decoded a second time for them
// (QueryParam::signed_name / signed_value).
#include "s3sandbox/core/query.hpp"

#include <string>

#include "s3sandbox/core/error.hpp"
#include "s3sandbox/core/uri.hpp"

namespace s3sandbox::core {
namespace {

// Decodes `raw` at `w` with '+' read as `plus` and advances `w`; nullopt on a malformed escape.
std::optional<std::string_view> decode_at(char*& w, std::string_view raw, PlusIs plus) {
  char* start = w;
  char* end = percent_decode_into(w, raw, plus, BadEscape::kReject);
  if (end == nullptr) return std::nullopt;
  w = end;
  return std::string_view(start, static_cast<std::size_t>(end - start));
}

// Both readings of one name or value: S3's, and (only when `raw` has a '+') the signed one.
bool decode_part(char*& w, std::string_view raw, bool query_has_plus, std::string_view& s3,
                 std::string_view& as_signed) {
  auto decoded = decode_at(w, raw, query_has_plus ? PlusIs::kSpace : PlusIs::kPlus);
  if (!decoded) return false;
  s3 = as_signed = *decoded;
  if (query_has_plus && raw.find('+') != std::string_view::npos) {
    as_signed = *decode_at(w, raw, PlusIs::kPlus);  // the same escapes just decoded
  }
  return true;
}

}  // namespace

Result<ParsedQuery> parse_query(std::string_view raw) {
  ParsedQuery out;
  if (raw.empty()) return out;
  // Decoding never lengthens text: one buffer of the raw size holds every name and value, and
  // twice that when a literal '+' makes some of them decode two ways.
  const bool has_plus = raw.find('+') != std::string_view::npos;
  auto text = std::make_shared_for_overwrite<char[]>(has_plus ? 2 * raw.size() : raw.size());
  char* w = text.get();
  // A presigned URL has eight or nine parameters; counting the '&' first cost more than the
  // rare reallocation beyond that.
  out.params.reserve(10);
  while (!raw.empty()) {
    const auto amp = raw.find('&');
    const std::string_view item = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (item.empty()) continue;  // "a&&b"

    QueryParam p;
    const auto eq = item.find('=');
    bool ok = decode_part(w, item.substr(0, eq), has_plus, p.name, p.signed_name);
    if (ok && eq != std::string_view::npos) {
      p.has_value = true;
      ok = decode_part(w, item.substr(eq + 1), has_plus, p.value, p.signed_value);
    }
    if (!ok) {
      return S3Error(ErrorCode::kInvalidURI)
          .because("the query parameter '" + std::string(item) +
                   "' has a '%' not followed by two hex digits");
    }
    out.params.push_back(p);
  }
  out.text = std::move(text);
  return out;
}

}  // namespace s3sandbox::core
