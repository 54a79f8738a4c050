#include "s3sandbox/core/uri.hpp"

#include <array>
#include <cstring>

namespace s3sandbox::core {
namespace {

// Tables, not comparisons: both loops run over every byte of every query name and value.
constexpr std::array<signed char, 256> kHexValue = [] {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<signed char>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<signed char>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<signed char>(c - 'A' + 10);
  return t;
}();

constexpr std::array<bool, 256> kUnreserved = [] {
  std::array<bool, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (unsigned char c : {'-', '_', '.', '~'}) t[c] = true;
  return t;
}();

int hex_value(char c) { return kHexValue[static_cast<unsigned char>(c)]; }

}  // namespace

char* percent_decode_into(char* out, std::string_view in, PlusIs plus, BadEscape bad) noexcept {
  // Most names and values have nothing to decode: one or two memchr scans and one copy
  // (find_first_of compares every byte against the set one by one, which was half the cost of
  // routing a presigned URL's query).
  if (in.find('%') == std::string_view::npos &&
      (plus == PlusIs::kPlus || in.find('+') == std::string_view::npos)) {
    if (!in.empty()) std::memcpy(out, in.data(), in.size());
    return out + in.size();
  }
  const char* p = in.data();
  const char* const end = p + in.size();
  while (p != end) {
    const char c = *p;
    if (c == '%') {
      if (end - p >= 3) {
        const int hi = hex_value(p[1]);
        const int lo = hex_value(p[2]);
        if (hi >= 0 && lo >= 0) {
          *out++ = static_cast<char>(hi * 16 + lo);
          p += 3;
          continue;
        }
      }
      if (bad == BadEscape::kReject) return nullptr;
      *out++ = '%';  // kept, with what follows read as ordinary bytes
    } else if (c == '+' && plus == PlusIs::kSpace) {
      *out++ = ' ';
    } else {
      *out++ = c;
    }
    ++p;
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view in, PlusIs plus, BadEscape bad) {
  // Sized for the input, written through a pointer, trimmed once.
  std::string out(in.size(), '\0');
  char* end = percent_decode_into(out.data(), in, plus, bad);
  if (end == nullptr) return std::nullopt;
  out.resize(static_cast<std::size_t>(end - out.data()));
  return out;
}

char* uri_encode_into(char* out, std::string_view bytes, UriEncoding how) noexcept {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (kUnreserved[c] || (c == '/' && how.keep_slash)) {
      *out++ = ch;
    } else if (c == ' ' && how.space_as_plus) {
      *out++ = '+';
    } else {
      *out++ = '%';
      *out++ = kHex[c >> 4];
      *out++ = kHex[c & 0xF];
    }
  }
  return out;
}

void append_uri_encoded(std::string& out, std::string_view bytes, UriEncoding how) {
  // Grown for the worst case, written through a pointer, trimmed once.
  const std::size_t at = out.size();
  out.resize(at + kUriEncodeGrowth * bytes.size());
  char* end = uri_encode_into(out.data() + at, bytes, how);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

std::string uri_encode(std::string_view bytes, UriEncoding how) {
  std::string out;
  append_uri_encoded(out, bytes, how);
  return out;
}

}  // namespace s3sandbox::core
