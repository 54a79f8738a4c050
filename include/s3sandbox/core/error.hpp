// S3 errors as values. One table (error.cpp) maps every ErrorCode to S3's code string, HTTP
// status and default message; everything a client can cause is reported as an S3Error and
// rendered to `<Error>` XML in exactly one place (the app module).
// Thread safety: plain values; the table is immutable.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace s3sandbox::core {

enum class ErrorCode {
  kAccessDenied,
  kAuthorizationHeaderMalformed,
  kAuthorizationQueryParametersError,
  kBadDigest,
  kBucketAlreadyExists,
  kBucketAlreadyOwnedByYou,
  kBucketNotEmpty,
  kEntityTooLarge,
  kEntityTooSmall,
  kExpiredToken,
  kIncompleteBody,
  kInternalError,
  kInvalidAccessKeyId,
  kInvalidArgument,
  kInvalidBucketName,
  kInvalidDigest,
  kInvalidPart,
  kInvalidPartOrder,
  kInvalidRange,
  kInvalidRequest,
  kInvalidStorageClass,
  kInvalidURI,
  kKeyTooLongError,
  kMalformedXML,
  kMalformedTrailerError,
  kMetadataTooLarge,
  kMethodNotAllowed,
  kMissingContentLength,
  kMissingSecurityHeader,
  kNoSuchBucket,
  kNoSuchKey,
  kNoSuchUpload,
  kNoSuchCORSConfiguration,
  kNotImplemented,
  kNotModified,
  kPreconditionFailed,
  kRequestHeaderSectionTooLarge,
  kRequestTimeTooSkewed,
  kRequestTimeout,
  kServiceUnavailable,
  kSignatureDoesNotMatch,
  kSlowDown,
  kXAmzContentSHA256Mismatch,
  kIllegalLocationConstraintException,
  kInvalidLocationConstraint,
  kConditionalRequestConflict,
  kInvalidPartNumber,
  kNoSuchVersion,
  kInvalidPolicyDocument,
  kMalformedPOSTRequest,
  kInvalidChunkSizeError,
  kAccessForbidden,  // a CORS preflight refused
  kBadRequest,       // a CORS preflight without Origin or with a bad method; > 10 object tags
  kInvalidTag,
};

struct ErrorInfo {
  std::string_view code;     // S3's <Code>, e.g. "NoSuchKey"
  int http_status;           // e.g. 404
  std::string_view message;  // S3's usual <Message>
};

const ErrorInfo& error_info(ErrorCode code);
// The code whose S3 name is `name` ("SlowDown"), if the table has it.
std::optional<ErrorCode> error_code_named(std::string_view name);

// An S3 refusal: code, message, and the extra elements S3 puts in <Error> (Key, BucketName,
// StringToSign, ...), in the order they are rendered. `diagnosis` is s3sandbox's own plain-words
// explanation (rendered as <Diagnosis> and the x-s3sandbox-diagnosis header) when there is one.
struct S3Error {
  ErrorCode code = ErrorCode::kInternalError;
  std::string message;  // empty: the table's default message
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
  std::string diagnosis;

  S3Error() = default;
  explicit S3Error(ErrorCode c, std::string msg = {}) : code(c), message(std::move(msg)) {}

  S3Error&& with(std::string name, std::string value) && {
    fields.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
  S3Error& with(std::string name, std::string value) & {
    fields.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  S3Error&& with_header(std::string name, std::string value) && {
    headers.emplace_back(std::move(name), std::move(value));
    return std::move(*this);
  }
  S3Error&& because(std::string why) && {
    diagnosis = std::move(why);
    return std::move(*this);
  }

  const ErrorInfo& info() const { return error_info(code); }
  std::string_view effective_message() const {
    return message.empty() ? info().message : std::string_view(message);
  }
};

}  // namespace s3sandbox::core
