// The bucket's default encryption (PutBucketEncryption's ServerSideEncryptionConfiguration),
// both ways, validated as S3 validates it.
#pragma once

#include <string>
#include <string_view>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::xml {

struct EncryptionConfiguration {
  std::string algorithm = "AES256";  // AES256, aws:kms or aws:kms:dsse
  std::string kms_key_id;            // only with aws:kms*; empty: the AWS managed key
  bool bucket_key = false;
  // BlockedEncryptionTypes: SSE-C is blocked on new buckets since April 2026. nullopt-like
  // "unspecified" is kept apart so that a put without the element keeps the bucket's setting.
  bool block_ssec = true;
  bool block_ssec_given = false;
};

core::Result<EncryptionConfiguration> parse_encryption_configuration(std::string_view body);
std::string render_encryption_configuration(const EncryptionConfiguration& config);

}  // namespace s3sandbox::xml
