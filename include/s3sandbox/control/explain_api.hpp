// The explainer's endpoint:
//   POST /_sandbox/explain  {"url": "...", "method": "PUT", "headers": {"Content-Type": "..."},
//                            "credential": "AK:SK", "page_origin": "https://...",
//                            "expect_host": "localhost:9000"}
// answers the JSON of `s3sandbox explain --json` (explain/render.hpp). Without "credential" the
// signature is checked with the server's own keys. Only "url" is required.
// Thread safety: the handler is (explain is pure; the options are read-only).
#pragma once

#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/explain/explain.hpp"

namespace s3sandbox::control {

// `base`: the server's setting (domains, credentials, region, host aliases); a request's
// page_origin and expect_host are added to a copy. `clock`: the sandbox clock, for expiry.
void add_explain_routes(ControlRoutes& routes, explain::ExplainOptions base,
                        const core::Clock& clock);

}  // namespace s3sandbox::control
