#include "header_policy.hpp"

#include "account_id.hpp"
#include "accounts.hpp"
#include "copy_source.hpp"

namespace s3sandbox::app {
namespace {

using router::OpKind;

bool creates_object(OpKind k) {
  return k == OpKind::kPutObject || k == OpKind::kCopyObject ||
         k == OpKind::kCreateMultipartUpload || k == OpKind::kPostObject;
}

// x-amz-expected-bucket-owner / x-amz-source-expected-bucket-owner: S3 checks the bucket
// owner's account id before processing each request (User Guide, "Verifying bucket ownership
// with bucket owner condition") and answers 403 AccessDenied when it is another. The owner is
// the account that created the bucket (accounts.hpp), whoever asks: the requester's own
// account, another account, or an anonymous request alike.
core::Result<void> check_expected_owner(const ExchangeState& x, std::string_view header,
                                        const std::string& bucket) {
  auto expected = x.request.header(header);
  if (!expected) return {};
  auto settings = x.services.backend.get_bucket_settings(bucket);
  if (!settings) return {};  // no such bucket: the handler answers NoSuchBucket
  const std::string owner_key = bucket_owner_key(*settings, x.services.auth.options().credentials);
  const std::string owner = account_id_for(owner_key);
  if (*expected == owner) return {};
  return core::S3Error(core::ErrorCode::kAccessDenied)
      .because(std::string(header) + " is '" + std::string(*expected) + "', but bucket '" + bucket +
               "' belongs to account " + owner + " (access key " + owner_key +
               "; s3sandbox derives a 12-digit account id from each access key)");
}

}  // namespace

// Object Lock cannot be enabled on an s3sandbox bucket, so every bucket is one "without Object
// Lock": S3 answers retention and legal-hold headers there with this error.
core::Result<void> check_object_lock(const core::RequestView& headers, const std::string& bucket) {
  static constexpr std::string_view kLockHeaders[] = {"x-amz-object-lock-mode",
                                                      "x-amz-object-lock-retain-until-date",
                                                      "x-amz-object-lock-legal-hold"};
  for (std::string_view name : kLockHeaders) {
    if (!headers.header(name)) continue;
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "Bucket is missing ObjectLockConfiguration")
        .with("BucketName", bucket)
        .because(std::string(name) +
                 " asks for Object Lock retention, which needs a bucket created with Object "
                 "Lock enabled; s3sandbox does not implement Object Lock, so no bucket has it");
  }
  return {};
}

core::Result<void> refuse_unsupported_headers(ExchangeState& x) {
  const OpKind kind = x.op.kind;
  // CreateBucket takes no bucket owner condition (User Guide: restrictions and limitations).
  if (!x.op.bucket.empty() && kind != OpKind::kCreateBucket) {
    if (auto r = check_expected_owner(x, "x-amz-expected-bucket-owner", x.op.bucket); !r) {
      return r;
    }
  }
  if (kind == OpKind::kCopyObject || kind == OpKind::kUploadPartCopy) {
    auto source_header = x.request.header("x-amz-copy-source");
    auto source =
        source_header ? parse_copy_source(*source_header) : core::Result<CopySource>(CopySource{});
    if (source && !source->bucket.empty()) {
      if (auto r = check_expected_owner(x, "x-amz-source-expected-bucket-owner", source->bucket);
          !r) {
        return r;
      }
    }
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
    if (auto r = check_object_lock(x.request, x.op.bucket); !r) return r;
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
