// Byte-level text checks shared by the router's sources: UTF-8 validity of decoded keys.
// (Percent-decoding is core's: s3sandbox/core/uri.hpp.) Pure; thread safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace s3sandbox::router::detail {

// The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF), or nullopt when all of `s` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

}  // namespace s3sandbox::router::detail
