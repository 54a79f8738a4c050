// S3's error codes of access control (issue #17: Object Ownership, ACLs, Block Public Access,
// bucket policies). They are ErrorCode values like any other (S3Error, error_info,
// error_code_named all take them), numbered from kAccessErrorBase in a second table of
// error.cpp rather than as enumerators of error.hpp: adding enumerators recompiles every
// translation unit, which the shared two-core build machine could not afford on the day they
// were added. Folding them into the enum later changes no caller.
#pragma once

#include "s3sandbox/core/error.hpp"

namespace s3sandbox::core {

inline constexpr int kAccessErrorBase = 1000;

inline constexpr ErrorCode kAccessControlListNotSupported = static_cast<ErrorCode>(1000);
inline constexpr ErrorCode kInvalidBucketAclWithObjectOwnership = static_cast<ErrorCode>(1001);
inline constexpr ErrorCode kOwnershipControlsNotFoundError = static_cast<ErrorCode>(1002);
inline constexpr ErrorCode kNoSuchPublicAccessBlockConfiguration = static_cast<ErrorCode>(1003);
inline constexpr ErrorCode kMalformedACLError = static_cast<ErrorCode>(1004);
inline constexpr ErrorCode kNoSuchBucketPolicy = static_cast<ErrorCode>(1005);
inline constexpr ErrorCode kMalformedPolicy = static_cast<ErrorCode>(1006);
inline constexpr int kAccessErrorCount = 7;

}  // namespace s3sandbox::core
