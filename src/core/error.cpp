#include "s3sandbox/core/error.hpp"

#include <array>

#include "s3sandbox/core/access_errors.hpp"
#include "s3sandbox/core/error_codes_more.hpp"

namespace s3sandbox::core {
namespace {

struct Row {
  ErrorCode code;
  ErrorInfo info;
};

// Codes, statuses and messages as listed in the S3 API reference ("Error responses").
constexpr Row kTable[] = {
    {ErrorCode::kAccessDenied, {"AccessDenied", 403, "Access Denied"}},
    {ErrorCode::kAuthorizationHeaderMalformed,
     {"AuthorizationHeaderMalformed", 400, "The authorization header is malformed."}},
    {ErrorCode::kAuthorizationQueryParametersError,
     {"AuthorizationQueryParametersError", 400, "Error parsing the X-Amz-Credential parameter."}},
    {ErrorCode::kBadDigest,
     {"BadDigest", 400, "The Content-MD5 you specified did not match what we received."}},
    {ErrorCode::kBucketAlreadyExists,
     {"BucketAlreadyExists", 409,
      "The requested bucket name is not available. The bucket namespace is shared by all users "
      "of the system. Please select a different name and try again."}},
    {ErrorCode::kBucketAlreadyOwnedByYou,
     {"BucketAlreadyOwnedByYou", 409,
      "Your previous request to create the named bucket succeeded and you already own it."}},
    {ErrorCode::kBucketNotEmpty,
     {"BucketNotEmpty", 409, "The bucket you tried to delete is not empty"}},
    {ErrorCode::kEntityTooLarge,
     {"EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size"}},
    {ErrorCode::kEntityTooSmall,
     {"EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed size"}},
    {ErrorCode::kExpiredToken, {"ExpiredToken", 400, "The provided token has expired."}},
    {ErrorCode::kIncompleteBody,
     {"IncompleteBody", 400,
      "You did not provide the number of bytes specified by the Content-Length HTTP header"}},
    {ErrorCode::kInternalError,
     {"InternalError", 500, "We encountered an internal error. Please try again."}},
    {ErrorCode::kInvalidAccessKeyId,
     {"InvalidAccessKeyId", 403,
      "The AWS Access Key Id you provided does not exist in our records."}},
    {ErrorCode::kInvalidArgument, {"InvalidArgument", 400, "Invalid Argument"}},
    {ErrorCode::kInvalidBucketName,
     {"InvalidBucketName", 400, "The specified bucket is not valid."}},
    {ErrorCode::kInvalidDigest,
     {"InvalidDigest", 400, "The Content-MD5 you specified is not valid."}},
    {ErrorCode::kInvalidPart,
     {"InvalidPart", 400,
      "One or more of the specified parts could not be found.  The part may not have been "
      "uploaded, or the specified entity tag may not match the part's entity tag."}},
    {ErrorCode::kInvalidPartOrder,
     {"InvalidPartOrder", 400,
      "The list of parts was not in ascending order. The parts list must be specified in order "
      "by part number."}},
    {ErrorCode::kInvalidRange, {"InvalidRange", 416, "The requested range is not satisfiable"}},
    {ErrorCode::kInvalidRequest, {"InvalidRequest", 400, "Invalid Request"}},
    {ErrorCode::kInvalidStorageClass,
     {"InvalidStorageClass", 400, "The storage class you specified is not valid"}},
    {ErrorCode::kInvalidURI, {"InvalidURI", 400, "Couldn't parse the specified URI."}},
    {ErrorCode::kKeyTooLongError, {"KeyTooLongError", 400, "Your key is too long"}},
    {ErrorCode::kMalformedXML,
     {"MalformedXML", 400,
      "The XML you provided was not well-formed or did not validate against our published "
      "schema"}},
    {ErrorCode::kMalformedTrailerError,
     {"MalformedTrailerError", 400,
      "The request contained trailing data that was not well-formed or did not conform to our "
      "published schema."}},
    {ErrorCode::kMetadataTooLarge,
     {"MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size."}},
    {ErrorCode::kMethodNotAllowed,
     {"MethodNotAllowed", 405, "The specified method is not allowed against this resource."}},
    {ErrorCode::kMissingContentLength,
     {"MissingContentLength", 411, "You must provide the Content-Length HTTP header."}},
    {ErrorCode::kMissingSecurityHeader,
     {"MissingSecurityHeader", 400, "Your request is missing a required header."}},
    {ErrorCode::kNoSuchBucket, {"NoSuchBucket", 404, "The specified bucket does not exist"}},
    {ErrorCode::kNoSuchKey, {"NoSuchKey", 404, "The specified key does not exist."}},
    {ErrorCode::kNoSuchUpload,
     {"NoSuchUpload", 404,
      "The specified upload does not exist. The upload ID may be invalid, or the upload may "
      "have been aborted or completed."}},
    {ErrorCode::kNoSuchCORSConfiguration,
     {"NoSuchCORSConfiguration", 404, "The CORS configuration does not exist"}},
    {ErrorCode::kNotImplemented,
     {"NotImplemented", 501,
      "A header you provided implies functionality that is not implemented"}},
    {ErrorCode::kNotModified, {"NotModified", 304, "Not Modified"}},
    {ErrorCode::kPreconditionFailed,
     {"PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold"}},
    {ErrorCode::kRequestHeaderSectionTooLarge,
     {"RequestHeaderSectionTooLarge", 400,
      "Your request header section exceeds the maximum allowed size."}},
    {ErrorCode::kRequestTimeTooSkewed,
     {"RequestTimeTooSkewed", 403,
      "The difference between the request time and the current time is too large."}},
    {ErrorCode::kRequestTimeout,
     {"RequestTimeout", 400,
      "Your socket connection to the server was not read from or written to within the "
      "timeout period. Idle connections will be closed."}},
    {ErrorCode::kServiceUnavailable,
     {"ServiceUnavailable", 503, "Please reduce your request rate."}},
    {ErrorCode::kSignatureDoesNotMatch,
     {"SignatureDoesNotMatch", 403,
      "The request signature we calculated does not match the signature you provided. Check "
      "your key and signing method."}},
    {ErrorCode::kSlowDown, {"SlowDown", 503, "Please reduce your request rate."}},
    {ErrorCode::kXAmzContentSHA256Mismatch,
     {"XAmzContentSHA256Mismatch", 400,
      "The provided 'x-amz-content-sha256' header does not match what was computed."}},
    {ErrorCode::kIllegalLocationConstraintException,
     {"IllegalLocationConstraintException", 400,
      "The unspecified location constraint is incompatible for the region specific endpoint "
      "this request was sent to."}},
    {ErrorCode::kInvalidLocationConstraint,
     {"InvalidLocationConstraint", 400, "The specified location-constraint is not valid"}},
    {ErrorCode::kConditionalRequestConflict,
     {"ConditionalRequestConflict", 409,
      "The conditional request cannot succeed due to a conflicting operation against this "
      "resource."}},
    {ErrorCode::kInvalidPartNumber,
     {"InvalidPartNumber", 416, "The requested partnumber is not satisfiable"}},
    {ErrorCode::kNoSuchVersion,
     {"NoSuchVersion", 404,
      "The version ID specified in the request does not match an existing version."}},
    {ErrorCode::kInvalidPolicyDocument,
     {"InvalidPolicyDocument", 400,
      "The content of the form does not meet the conditions specified in the policy "
      "document."}},
    {ErrorCode::kMalformedPOSTRequest,
     {"MalformedPOSTRequest", 400,
      "The body of your POST request is not well-formed multipart/form-data."}},
    {ErrorCode::kInvalidChunkSizeError,
     {"InvalidChunkSizeError", 400,
      "Only the last chunk is allowed to have a size less than 8192 bytes"}},
    // S3's own spelling ("evalution") is kept: clients and tests match the text.
    {ErrorCode::kAccessForbidden,
     {"AccessForbidden", 403,
      "CORSResponse: This CORS request is not allowed. This is usually because the evalution of "
      "Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers "
      "are not whitelisted by the resource's CORS spec."}},
    {ErrorCode::kBadRequest, {"BadRequest", 400, "Bad Request"}},
    {ErrorCode::kInvalidTag, {"InvalidTag", 400, "The TagKey you have provided is invalid"}},
    {kInvalidEncryptionAlgorithmError,
     {"InvalidEncryptionAlgorithmError", 400,
      "The encryption request you specified is not valid. The valid value is AES256."}},
    {kNoSuchTagSet, {"NoSuchTagSet", 404, "The TagSet does not exist"}},
    {kNoSuchLifecycleConfiguration,
     {"NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist"}},
};

constexpr std::size_t kCount = sizeof(kTable) / sizeof(kTable[0]);

// The table is indexed by enum value; this checks at compile time that rows are in enum order.
constexpr bool table_in_enum_order() {
  for (std::size_t i = 0; i < kCount; ++i) {
    if (static_cast<std::size_t>(kTable[i].code) != i) return false;
  }
  return static_cast<std::size_t>(kNoSuchLifecycleConfiguration) + 1 == kCount;
}
static_assert(table_in_enum_order(), "kTable rows must follow ErrorCode order, one per code");

// Access control's codes (core/access_errors.hpp), numbered from kAccessErrorBase.
constexpr Row kAccessTable[] = {
    {kAccessControlListNotSupported,
     {"AccessControlListNotSupported", 400, "The bucket does not allow ACLs"}},
    {kInvalidBucketAclWithObjectOwnership,
     {"InvalidBucketAclWithObjectOwnership", 400,
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting"}},
    {kOwnershipControlsNotFoundError,
     {"OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found"}},
    {kNoSuchPublicAccessBlockConfiguration,
     {"NoSuchPublicAccessBlockConfiguration", 404,
      "The public access block configuration was not found"}},
    {kMalformedACLError,
     {"MalformedACLError", 400,
      "The XML you provided was not well-formed or did not validate against our published "
      "schema"}},
    {kNoSuchBucketPolicy, {"NoSuchBucketPolicy", 404, "The bucket policy does not exist"}},
    {kMalformedPolicy, {"MalformedPolicy", 400, "Policies must be valid JSON"}},
};

constexpr bool access_table_in_order() {
  constexpr std::size_t n = sizeof(kAccessTable) / sizeof(kAccessTable[0]);
  for (std::size_t i = 0; i < n; ++i) {
    if (static_cast<std::size_t>(kAccessTable[i].code) != kAccessErrorBase + i) return false;
  }
  return n == kAccessErrorCount;
}
static_assert(access_table_in_order(), "kAccessTable rows must follow access_errors.hpp");

}  // namespace

const ErrorInfo& error_info(ErrorCode code) {
  const int value = static_cast<int>(code);
  if (value >= kAccessErrorBase) return kAccessTable[value - kAccessErrorBase].info;
  return kTable[static_cast<std::size_t>(value)].info;
}

std::optional<ErrorCode> error_code_named(std::string_view name) {
  for (const Row& row : kTable) {
    if (row.info.code == name) return row.code;
  }
  for (const Row& row : kAccessTable) {
    if (row.info.code == name) return row.code;
  }
  return std::nullopt;
}

}  // namespace s3sandbox::core
