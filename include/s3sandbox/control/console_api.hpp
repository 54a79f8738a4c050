// The web console (docs/console.md): its embedded files and its small JSON API.
//   GET  /_sandbox/console           redirects to /_sandbox/console/
//   GET  /_sandbox/console/          the page (index.html); GET /_sandbox/console/<file> the rest
//   GET  /_sandbox/console/api/buckets   every bucket with its creation date, region, object
//                                        count and total size (S3 has no call for the last two)
//   POST /_sandbox/console/api/presign   {"method","bucket","key","query":{},"headers":{},
//                                         "expires":900,"mark":true} -> {"url","headers"}: the S3
//                                         request
//                                        the page may send, SigV4-presigned with the server's
//                                        first credential (the page holds no secret);
//                                        "mark": false leaves out the x-s3sandbox-console header
//   GET  /_sandbox/console/api/list?bucket=B&prefix=P&delimiter=/&token=T&max=100
//                                        one page of keys with their content types (S3's
//                                        listing has none), "next": the token of the next page
// Behind the control API's access rule like every /_sandbox/ endpoint.
// Thread safety: the handlers are (the backend is; the rest is immutable).
#pragma once

#include <string>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::control {

struct ConsoleContext {
  storage::Backend& backend;
  auth::Credential credential;  // the first configured pair: what presigned URLs are signed with
  std::string region;           // what the server signs and verifies for ("us-east-1" for "*")
  const core::Clock& clock;     // the sandbox clock: presigned URLs are dated by it
};

void add_console_routes(ControlRoutes& routes, const ConsoleContext& context);

// The Content-Security-Policy every console file is served with: only the console's own
// scripts and styles, no inline code, no framing by others.
inline constexpr std::string_view kConsoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "media-src 'self' blob:; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; connect-src 'self'";

}  // namespace s3sandbox::control
