#include "auth/query_params.hpp"

#include <algorithm>

#include "s3sandbox/auth/sigv4_canonical.hpp"

namespace s3sandbox::auth {

namespace {

// Decodes `s` at `w` (percent_decode's reading) and advances `w` past the decoded text.
std::string_view decode_into(char*& w, std::string_view s) {
  char* start = w;
  w = percent_decode_into(w, s);
  return std::string_view(start, static_cast<std::size_t>(w - start));
}

}  // namespace

ParsedQuery parse_query(std::string_view raw_query) {
  ParsedQuery out;
  // Decoding never lengthens text, so one buffer of the raw size holds every name and value.
  out.text = std::make_unique_for_overwrite<char[]>(raw_query.size() + 1);
  char* w = out.text.get();
  // A presigned URL has eight or nine parameters; counting the '&' first cost more than the
  // rare reallocation beyond that.
  out.params.reserve(10);
  std::string_view rest = raw_query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    QueryParam p;
    p.name = decode_into(w, item.substr(0, eq));
    if (eq != std::string_view::npos) {
      p.value = decode_into(w, item.substr(eq + 1));
      p.has_value = true;
    }
    out.params.push_back(p);
  }
  return out;
}

const QueryParam* find_param(const std::vector<QueryParam>& params, std::string_view name) {
  for (const QueryParam& p : params) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace s3sandbox::auth
