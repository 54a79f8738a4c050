// Object tags as requests carry them: the x-amz-tagging header (URL-query encoded, "k1=v1&k2=v2")
// on PutObject, CreateMultipartUpload and CopyObject (with x-amz-tagging-directive: REPLACE),
// the same in a SigV4 presigned URL's query (aws-sdk-js v3 and the Java v2 presigner hoist
// x-amz-tagging there), and the XML document of POST Object's `tagging` field; and S3's limits
// on them. The Get/Put/DeleteObjectTagging handlers are in object_tagging.cpp too.
#pragma once

#include "exchange_state.hpp"
#include "s3sandbox/storage/types.hpp"
#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::app {

inline constexpr std::size_t kMaxObjectTags = 10;

// S3's limits: at most 10 tags (400 BadRequest), keys of 1 to 128 and values of up to 256
// characters from letters, digits, spaces and + - = . _ : / @, no key twice, no key starting
// with "aws:" (400 InvalidTag, with TagKey and TagValue).
core::Result<void> check_tags(const xml::TagSet& tags);

// "k1=v1&k2=v2" (percent-encoded, '+' as space) -> tags; InvalidArgument naming x-amz-tagging
// when malformed or a key repeats, then check_tags.
core::Result<xml::TagSet> parse_tagging_header(std::string_view value);

// The tags a PutObject / CreateMultipartUpload request asks for: its x-amz-tagging header, else
// an x-amz-tagging query parameter, else none. Sets meta.tags.
core::Result<void> read_request_tags(const ExchangeState& x, storage::ObjectMeta& meta);

}  // namespace s3sandbox::app
