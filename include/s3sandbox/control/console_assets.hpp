// The web console's files (console/ in the source tree), embedded in the binary at build time by
// cmake/EmbedConsole.cmake: the server never reads them from disk.
// Thread safety: immutable static data.
#pragma once

#include <span>
#include <string_view>

namespace s3sandbox::control {

struct ConsoleAsset {
  std::string_view path;          // relative to console/, '/'-separated: "js/views/buckets.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view etag;          // quoted: a prefix of the file's SHA-256
  std::string_view body;
};

std::span<const ConsoleAsset> console_assets();

}  // namespace s3sandbox::control
