// Presigned URLs made by the sandbox with a configured credential, for the console's Share view
// (the secret key never reaches the page):
//   POST /_sandbox/presign {"bucket": "b", "key": "k", "method": "GET" | "PUT" | "POST",
//                           "expires": 3600, "signature": "v4" | "v2",
//                           "content_type": "...", "content_disposition": "...",
//                           "response": {"content-type": "...", ...},   (GET only)
//                           "access_key": "...",   (default: the first configured)
//                           "endpoint": "http://host:port"}   (default: this request's Host)
// answers {"url", "method", "signature", "expires", "access_key", "headers" (what the client
// must send, exactly), "curl", "canonical_request", "string_to_sign"}; for POST, the form:
// {"url", "fields": [[name, value], ...], "policy", "curl"}. Signed at the sandbox clock's time.
// Thread safety: the handler is (signing is pure; the options are read-only).
#pragma once

#include <string>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::control {

void add_presign_routes(ControlRoutes& routes, auth::CredentialStore credentials,
                        std::string region, const core::Clock& clock);

}  // namespace s3sandbox::control
