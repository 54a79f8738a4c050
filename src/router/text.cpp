#include "text.hpp"

#include <optional>

#include "s3sandbox/router/router.hpp"

namespace s3sandbox::router {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  // Most names and values have nothing to decode: one scan and one copy.
  // Two memchr scans: find_first_of compares every byte against the set one by one, which was
  // half the cost of routing a presigned URL's query.
  if (s.find('%') == std::string_view::npos &&
      (!plus_is_space || s.find('+') == std::string_view::npos)) {
    return std::string(s);
  }
  // Sized for the input, written through a pointer, trimmed once.
  std::string out(s.size(), '\0');
  char* w = out.data();
  auto decoded = detail::percent_decode_into(w, s, plus_is_space);
  if (!decoded) return std::nullopt;
  out.resize(decoded->size());
  return out;
}

namespace detail {

std::optional<std::string_view> percent_decode_into(char*& w, std::string_view s,
                                                    bool plus_is_space) {
  char* start = w;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;  // needs two hex digits after '%'
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      *w++ = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      *w++ = ' ';
    } else {
      *w++ = c;
    }
  }
  return std::string_view(start, static_cast<std::size_t>(w - start));
}

std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;  // allowed range of the second byte (RFC 3629 table)
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b == 0xE0) {
      len = 3, lo = 0xA0;
    } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
      len = 3;
    } else if (b == 0xED) {
      len = 3, hi = 0x9F;  // excludes UTF-16 surrogates
    } else if (b == 0xF0) {
      len = 4, lo = 0x90;
    } else if (b >= 0xF1 && b <= 0xF3) {
      len = 4;
    } else if (b == 0xF4) {
      len = 4, hi = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace s3sandbox::router
