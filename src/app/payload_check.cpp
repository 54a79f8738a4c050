#include "payload_check.hpp"

#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {

core::Result<void> check_signed_payload(const auth::AuthResult& auth,
                                        std::string_view computed_hex) {
  if (auth.payload != auth::PayloadMode::kSha256) return {};
  std::string expected = core::to_lower(auth.expected_sha256_hex);
  if (crypto::constant_time_equal(computed_hex, expected)) return {};
  return core::S3Error(core::ErrorCode::kXAmzContentSHA256Mismatch)
      .with("ClientComputedContentSHA256", auth.expected_sha256_hex)
      .with("S3ComputedContentSHA256", std::string(computed_hex))
      .because("the body's SHA-256 is " + std::string(computed_hex) +
               " but x-amz-content-sha256 promised " + auth.expected_sha256_hex +
               ": the body changed after it was signed");
}

}  // namespace s3sandbox::app
