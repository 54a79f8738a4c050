// Byte-level text checks shared by the router's sources: UTF-8 validity of decoded keys.
// Pure; thread safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace s3sandbox::router::detail {

// The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF), or nullopt when all of `s` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

// Percent-decodes `s` at `w` (room for s.size() bytes), '+' as a space when `plus_is_space`, and
// advances `w` past it; nullopt when a '%' is not followed by two hex digits.
std::optional<std::string_view> percent_decode_into(char*& w, std::string_view s,
                                                    bool plus_is_space);

}  // namespace s3sandbox::router::detail
