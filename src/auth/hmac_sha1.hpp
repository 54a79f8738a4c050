// HMAC-SHA1 (RFC 2104) over the crypto module's SHA-1, for SigV2 signatures and SigV2 POST
// policies, which the crypto module does not offer.
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace s3sandbox::auth {

std::string hmac_sha1(std::string_view key, std::string_view data);  // raw 20 bytes

}  // namespace s3sandbox::auth
