// The copy source of CopyObject and UploadPartCopy: parsing x-amz-copy-source and streaming a
// byte range of the source's open descriptor into a staged write (fixed buffer, never the whole
// object), hashing it on the way when asked. Thread safety: reentrant functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/crypto/checksum.hpp"
#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::app {

struct CopySource {
  std::string bucket;
  std::string key;
  std::optional<std::string> version_id;  // "?versionId=" ("null" or an id), when given
};

// "/bucket/key", "bucket/key", URL-encoded, optionally with "?versionId=<id>" (InvalidArgument
// for an id that is not one, as S3 answers).
core::Result<CopySource> parse_copy_source(std::string_view value);

// Opens the copy source, the version it names if any (NoSuchKey / NoSuchVersion / NoSuchBucket
// naming it; InvalidRequest for a delete marker, as S3 refuses it), and checks the
// x-amz-copy-source-if-* conditions (PreconditionFailed for any that fails, as S3 answers).
core::Result<storage::ObjectReader> open_copy_source(const core::RequestView& request,
                                                     storage::Backend& backend,
                                                     const CopySource& source);

// Copies [offset, offset + length) of the source's body into `out`; updates `checksum` when
// given. Returns the MD5 hex of the bytes copied: the new object's or part's ETag (storage never
// hashes).
core::Result<std::string> copy_range(const storage::ObjectReader& source, std::uint64_t offset,
                                     std::uint64_t length, storage::StagedWrite& out,
                                     crypto::Checksummer* checksum);

}  // namespace s3sandbox::app
