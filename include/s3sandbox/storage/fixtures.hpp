// Fixtures: seeding a Backend from a folder, for `--fixtures DIR` and tests.
//   DIR/<bucket>/<key path>             each regular file becomes an object; the key is the path
//                                       below the bucket dir with '/' separators
//   DIR/<bucket>/<key path>.s3meta.json optional sidecar (not imported itself):
//       {"ContentType": "...", "CacheControl": "...", "ContentDisposition": "...",
//        "ContentEncoding": "...", "ContentLanguage": "...", "Metadata": {"name": "value"}}
// Buckets are created when missing (existing objects with the same key are overwritten).
// Bucket dirs with invalid names (not 3-63 of [a-z0-9.-], starting and ending with a letter or
// digit) and files whose key would exceed 1024 bytes are skipped with a warning. Bodies are
// streamed through a fixed buffer. A malformed sidecar or an I/O failure stops the import with
// an error (a start-up failure). Thread safety: uses only the thread-safe Backend API.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::storage {

// Imports DIR; returns the number of objects written.
core::Result<std::size_t> import_fixtures(Backend& backend, const std::filesystem::path& dir);
// Imports only DIR/<bucket> (0 objects when DIR has no such bucket dir).
core::Result<std::size_t> import_fixture_bucket(Backend& backend, const std::filesystem::path& dir,
                                                const std::string& bucket);

// The Content-Type for a file name, from its extension (case-insensitive) for common web types;
// "binary/octet-stream" (S3's default) otherwise.
std::string guess_content_type(std::string_view file_name);

// The simple bucket-name rule fixtures use (see above).
bool is_fixture_bucket_name(std::string_view name);

}  // namespace s3sandbox::storage
