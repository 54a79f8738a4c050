// POST policy verification for browser form uploads (POST Object): given the form fields that
// precede the file part, checks the policy's signature (SigV4 x-amz-* fields or SigV2
// AWSAccessKeyId + signature), its expiration, every condition, and that no form field escapes
// the policy. The content-length-range condition is returned, not checked: the caller enforces
// it while the file streams in. Refusals are S3's errors (AccessDenied "Invalid according to
// Policy: ...", InvalidPolicyDocument, SignatureDoesNotMatch, InvalidAccessKeyId,
// AuthorizationQueryParametersError for a bad x-amz-credential) plus a plain-words diagnosis.
// Thread safety: a pure function; time comes only from `now`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::auth {

// A form field as received, in order; names are compared case-insensitively.
struct PostField {
  std::string name;
  std::string value;
};

struct PostPolicyResult {
  std::string access_key;
  std::uint64_t min_length = 0;  // content-length-range, if any
  std::uint64_t max_length = UINT64_MAX;
};

// `fields`: every form field before the file part. `bucket`: the bucket uploaded to (conditions
// on "bucket" compare with it). `key`: the form's key field with ${filename} already
// substituted (conditions on "key" compare with it). A form without a policy field is an
// anonymous upload and is refused (s3sandbox has no public buckets).
core::Result<PostPolicyResult> verify_post_policy(const std::vector<PostField>& fields,
                                                  std::string_view bucket, std::string_view key,
                                                  const AuthOptions& options, core::TimePoint now);

}  // namespace s3sandbox::auth
