// Signatures of browser POST upload policies (POST Object), for the app's form handler: SigV2
// (`AWSAccessKeyId` + `signature` fields: base64 HMAC-SHA1 of the base64 policy under the
// secret) and SigV4 (`x-amz-credential` + `x-amz-signature`: hex HMAC-SHA256 of the base64
// policy under the signing key of the credential's scope). Compare the result with the form's
// field using crypto::constant_time_equal.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace s3sandbox::auth {

std::string sign_v2_policy(std::string_view secret, std::string_view policy_b64);

// `signing_key` from derive_signing_key(secret, date, region, "s3") (sigv4_canonical.hpp).
std::string sign_v4_policy(std::string_view signing_key, std::string_view policy_b64);

}  // namespace s3sandbox::auth
