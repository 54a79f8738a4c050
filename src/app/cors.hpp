// CORS at the edge of the application: the answer to a preflight (OPTIONS, never authenticated)
// and the Access-Control-* headers of actual responses (errors included, so that a browser
// script can read why it was refused). Both read the bucket's configuration from the backend
// (one indexed lookup) and follow AppOptions::cors (see application.hpp).
// Thread safety: stateless functions over the thread-safe services.
#pragma once

#include <vector>

#include "exchange_state.hpp"

namespace s3sandbox::app {

// A preflight for `op` (kPreflight, or kSandbox with method OPTIONS). 200 with the headers of
// the matching rule; BadRequest without Origin or with an Access-Control-Request-Method S3
// does not know; AccessForbidden (with Method and ResourceType) when the bucket is missing, has
// no configuration (unless permissive) or no rule matches, with a diagnosis saying why.
// `matched_rule`, when given, is set to the rule that allowed it ("rule 2 (ID uploads)",
// "permissive"), for the request journal.
core::Result<core::Response> answer_preflight(Services& svc, const core::RequestView& request,
                                              const router::Operation& op,
                                              std::string* matched_rule = nullptr);

// The headers to add to the response of an actual request with this Origin (non-empty) and
// method; empty when nothing allows it. `op` is null when routing failed.
std::vector<core::Header> actual_cors_headers(Services& svc, const std::string& origin,
                                              const std::string& method,
                                              const router::Operation* op,
                                              std::string* matched_rule = nullptr);

// "rule 2 (ID uploads)": the 0-based `index` of `rules` as a person counts it.
std::string describe_cors_rule(const std::vector<storage::CorsRule>& rules, std::size_t index);

}  // namespace s3sandbox::app
