// Translating between request/response headers and stored object metadata: the representation
// headers S3 keeps (Content-Type, -Disposition, -Encoding, -Language, Cache-Control, Expires) and
// user metadata (x-amz-meta-*). Pure functions.
#pragma once

#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

inline constexpr std::size_t kMaxUserMetadataBytes = 2048;  // S3: 2 KB of x-amz-meta-* per object

// Reads content headers and x-amz-meta-* from a request. MetadataTooLarge over 2 KB.
core::Result<void> read_object_headers(const core::RequestView& request, storage::ObjectMeta& meta);

// Adds the stored object's headers (ETag, Last-Modified, Content-Type, ..., x-amz-meta-*) to a
// GET/HEAD response. Content-Length is the HTTP layer's job.
void write_object_headers(const storage::ObjectMeta& meta, core::Response& response);

std::string quote_etag(std::string_view etag);  // abc -> "abc"
// Strips surrounding quotes (and a weak "W/" prefix) from an ETag in a condition header.
std::string unquote_etag(std::string_view etag);

}  // namespace s3sandbox::app
