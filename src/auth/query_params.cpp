#include "auth/query_params.hpp"

#include <algorithm>

#include "s3sandbox/auth/sigv4_canonical.hpp"

namespace s3sandbox::auth {

std::vector<QueryParam> parse_query(std::string_view raw_query) {
  std::vector<QueryParam> out;
  // A presigned URL has eight or nine parameters; counting the '&' first cost more than the
  // rare reallocation beyond that.
  out.reserve(10);
  std::string_view rest = raw_query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    QueryParam p;
    p.name = percent_decode(item.substr(0, eq));
    if (eq != std::string_view::npos) {
      p.value = percent_decode(item.substr(eq + 1));
      p.has_value = true;
    }
    out.push_back(std::move(p));
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
