// The explainer's steps, each filling part of a Report from the same Context: the request a
// client would make from the URL, routed and with its presign parameters read. explain.cpp runs
// them in order: what the URL carries (signed headers, checksums, overrides), the signature's
// verdict (the server's Authenticator), then the lint, which reads both.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "explain/url.hpp"
#include "s3sandbox/auth/presigned_facts.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/explain/explain.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::explain {

struct Context {
  const ExplainInput& input;
  const ExplainOptions& options;
  core::TimePoint now;
  UrlParts url;
  core::RequestView request;  // the URL as a request: method (given, or GET), Host, headers
  router::Operation op;       // routed; its query is what authentication reads
  auth::PresignedFacts facts;
};

// The value of a query parameter by its signed name, case-insensitively (nullptr if absent).
const core::QueryParam* query_param(const Context& c, std::string_view name);

// Signed headers and what to send for each; checksum parameters; response-* overrides.
void describe_query(const Context& c, Report& r);
// The signature checked by the server's own Authenticator: the methods it is valid for, and the
// verdict for the method used, with the server's diagnosis.
void check_signature(const Context& c, Report& r);
// Findings in plain words: time, checksums, SigV2, scheme, host, the key's encoding.
void lint(const Context& c, Report& r);

std::string upper(std::string_view s);  // "put" -> "PUT"
void add_finding(Report& r, Severity severity, std::string code, std::string message);

}  // namespace s3sandbox::explain
