#include "s3sandbox/auth/policy_signature.hpp"

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {

std::string sign_v2_policy(std::string_view secret, std::string_view policy_b64) {
  return crypto::base64_encode(crypto::hmac_sha1(secret, policy_b64));
}

std::string sign_v4_policy(std::string_view signing_key, std::string_view policy_b64) {
  return sign_hex(signing_key, policy_b64);
}

}  // namespace s3sandbox::auth
