// The check of a signed payload: when the request signed its body's SHA-256
// (x-amz-content-sha256: <hex>), the body that arrived must hash to it. Shared by every handler
// that reads a body. Pure.
#pragma once

#include <string_view>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::app {

// `computed_hex`: lower-case hex SHA-256 of the body received. Succeeds when the payload was not
// signed as a hash.
core::Result<void> check_signed_payload(const auth::AuthResult& auth,
                                        std::string_view computed_hex);

}  // namespace s3sandbox::app
