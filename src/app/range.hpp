// Parsing of the Range request header for GetObject. S3 honours a single byte range
// ("bytes=0-9", "bytes=10-", "bytes=-5"); a header it cannot parse, or with several ranges, is
// ignored and the whole object is returned; a parsable range that lies wholly beyond the object
// is InvalidRange (416). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::app {

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t length = 0;  // >= 1
};

// nullopt: serve the whole object (no header, or one S3 ignores). Error: InvalidRange.
core::Result<std::optional<ByteRange>> parse_range(std::string_view header,
                                                   std::uint64_t object_size);

}  // namespace s3sandbox::app
