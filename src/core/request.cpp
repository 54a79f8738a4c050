#include "s3sandbox/core/request.hpp"

namespace s3sandbox::core {

namespace {
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::optional<std::string_view> RequestView::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (iequals(h.name, name)) return std::string_view(h.value);
  }
  return std::nullopt;
}

std::optional<std::string> RequestView::header_joined(std::string_view name) const {
  std::optional<std::string> out;
  for (const Header& h : headers) {
    if (!iequals(h.name, name)) continue;
    if (out) {
      *out += ',';
      *out += h.value;
    } else {
      out = h.value;
    }
  }
  return out;
}

}  // namespace s3sandbox::core
