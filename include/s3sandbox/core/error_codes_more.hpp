// Error codes added by issue #17's features after ErrorCode was last extended. They continue
// the enum's numbering (error.cpp's table has their rows and checks the numbering at compile
// time); they live here rather than in error.hpp only so that adding them did not rebuild every
// translation unit while several branches were being built in parallel. Fold them into
// ErrorCode when convenient.
#pragma once

#include "s3sandbox/core/error.hpp"

namespace s3sandbox::core {

inline constexpr ErrorCode kFirstMoreErrorCode =
    static_cast<ErrorCode>(static_cast<int>(ErrorCode::kInvalidTag) + 1);
// SSE-C with an algorithm other than AES256 (400).
inline constexpr ErrorCode kInvalidEncryptionAlgorithmError = kFirstMoreErrorCode;
// GetBucketTagging of a bucket without tags (404).
inline constexpr ErrorCode kNoSuchTagSet =
    static_cast<ErrorCode>(static_cast<int>(kFirstMoreErrorCode) + 1);
// GetBucketLifecycleConfiguration of a bucket without rules (404).
inline constexpr ErrorCode kNoSuchLifecycleConfiguration =
    static_cast<ErrorCode>(static_cast<int>(kNoSuchTagSet) + 1);

}  // namespace s3sandbox::core
