#include "header_policy.hpp"

#include "account_id.hpp"

namespace s3sandbox::app {
namespace {

using router::OpKind;

bool creates_object(OpKind k) {
  return k == OpKind::kPutObject || k == OpKind::kCopyObject ||
         k == OpKind::kCreateMultipartUpload || k == OpKind::kPostObject;
}

// Object Lock cannot be enabled on an s3sandbox bucket, so every bucket is one "without Object
// Lock": S3 answers retention and legal-hold headers there with this error.
core::Result<void> check_object_lock(const ExchangeState& x) {
  static constexpr std::string_view kLockHeaders[] = {"x-amz-object-lock-mode",
                                                      "x-amz-object-lock-retain-until-date",
                                                      "x-amz-object-lock-legal-hold"};
  for (std::string_view name : kLockHeaders) {
    if (!x.request.header(name)) continue;
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "Bucket is missing ObjectLockConfiguration")
        .with("BucketName", x.op.bucket)
        .because(std::string(name) +
                 " asks for Object Lock retention, which needs a bucket created with Object "
                 "Lock enabled; s3sandbox does not implement Object Lock, so no bucket has it");
  }
  return {};
}

// x-amz-expected-bucket-owner / x-amz-source-expected-bucket-owner: S3 answers 403 when the
// bucket belongs to another account. The owner is the requester's account (account_id.hpp);
// an anonymous request has no account to compare with, so the header is not checked then.
core::Result<void> check_expected_owner(const ExchangeState& x, std::string_view header) {
  auto expected = x.request.header(header);
  if (!expected || x.auth.access_key.empty()) return {};
  const std::string owner = account_id_for(x.auth.access_key);
  if (*expected == owner) return {};
  return core::S3Error(core::ErrorCode::kAccessDenied)
      .because(std::string(header) + " is '" + std::string(*expected) +
               "', but the bucket belongs to account " + owner +
               " (s3sandbox derives a 12-digit account id from each access key)");
}

}  // namespace

core::Result<void> refuse_unsupported_headers(ExchangeState& x) {
  const OpKind kind = x.op.kind;
  if (!x.op.bucket.empty()) {
    if (auto r = check_expected_owner(x, "x-amz-expected-bucket-owner"); !r) return r;
  }
  if (kind == OpKind::kCopyObject || kind == OpKind::kUploadPartCopy) {
    if (auto r = check_expected_owner(x, "x-amz-source-expected-bucket-owner"); !r) return r;
  }
  if (kind == OpKind::kCreateBucket) {
    auto lock = x.request.header("x-amz-bucket-object-lock-enabled");
    if (lock && !core::iequals(*lock, "false")) {
      return core::S3Error(core::ErrorCode::kNotImplemented)
          .with("Header", "x-amz-bucket-object-lock-enabled")
          .because(
              "x-amz-bucket-object-lock-enabled: true asks for an Object Lock bucket; s3sandbox "
              "does not implement Object Lock (retention would be silently ignored). Create "
              "the bucket without it");
    }
  }
  if (creates_object(kind)) {
    if (auto r = check_object_lock(x); !r) return r;
  }
  if (kind == OpKind::kPutObject && x.request.header("x-amz-write-offset-bytes")) {
    return core::S3Error(core::ErrorCode::kNotImplemented)
        .with("Header", "x-amz-write-offset-bytes")
        .because(
            "x-amz-write-offset-bytes appends to an object (S3 Express One Zone only); "
            "s3sandbox does not implement appends");
  }
  return {};
}

}  // namespace s3sandbox::app
