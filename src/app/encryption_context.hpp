// x-amz-server-side-encryption-context (SSE-KMS): S3 takes a base64-encoded UTF-8 JSON object
// of string keys and string values (the KMS encryption context), refuses anything else with
// 400 InvalidArgument, stores it with the object and names it again in the answers to the
// writes that set it (PutObject, CopyObject, CreateMultipartUpload; not POST Object, UploadPart,
// CompleteMultipartUpload, GET or HEAD: their response syntax has no such header). There is no
// KMS, so s3sandbox only validates, stores and echoes it.
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

inline constexpr std::string_view kEncryptionContextHeader = "x-amz-server-side-encryption-context";
inline constexpr const char* kEncryptionContextSetting = "sse.context";

// InvalidArgument, with S3's message, unless `value` is the base64 of a JSON string-string map.
core::Result<void> check_encryption_context(std::string_view value);

// The write's answer names the object's stored context, when it has one.
void add_encryption_context_header(const storage::ObjectMeta& meta, core::Response& response);

}  // namespace s3sandbox::app
