#include "s3sandbox/explain/explain.hpp"

#include <algorithm>

#include "explain/parts.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::explain {
namespace {

core::RequestView request_for(const ExplainInput& input, const UrlParts& url) {
  core::RequestView r;
  r.method = input.method.empty() ? "GET" : upper(input.method);
  r.path = url.path;
  r.query = url.query;
  r.target = url.query.empty() ? url.path : url.path + "?" + url.query;
  r.scheme = url.scheme;
  bool host_given = false;
  for (const core::Header& h : input.headers) host_given |= core::iequals(h.name, "host");
  if (!host_given) r.headers.push_back({"Host", url.host});
  r.headers.insert(r.headers.end(), input.headers.begin(), input.headers.end());
  return r;
}

void describe_time(const Context& c, Report& r) {
  const auth::PresignedFacts& f = c.facts;
  r.signed_at = f.signed_at;
  r.expires_at = f.expires_at;
  r.expires_seconds = f.expires_seconds;
  if (f.expires_at) {
    auto remaining = std::chrono::duration_cast<std::chrono::seconds>(*f.expires_at - c.now);
    r.remaining_seconds = remaining.count();
    r.expired = remaining.count() <= 0 || (f.expires_seconds && *f.expires_seconds == 0);
    // SigV2 has no X-Amz-Expires: its validity is measured from now.
    auto validity = f.expires_seconds ? std::chrono::seconds(*f.expires_seconds) : remaining;
    r.over_seven_days = validity > auth::kMaxPresignedValidity;
  }
}

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      break;
  }
  return "info";
}

void add_finding(Report& r, Severity severity, std::string code, std::string message) {
  r.findings.push_back({severity, std::move(code), std::move(message)});
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return out;
}

const core::QueryParam* query_param(const Context& c, std::string_view name) {
  for (const core::QueryParam& p : c.op.query) {
    if (core::iequals(p.signed_name, name)) return &p;
  }
  return nullptr;
}

bool Report::usable() const {
  if (verdict.checked && !verdict.valid) return false;
  return std::none_of(findings.begin(), findings.end(),
                      [](const Finding& f) { return f.severity == Severity::kError; });
}

Report explain(const ExplainInput& input, const ExplainOptions& options, core::TimePoint now) {
  Report r;
  r.url = input.url;
  r.method_given = upper(input.method);
  auto url = split_url(input.url);
  if (!url) {
    add_finding(r, Severity::kError, "not-a-url",
                "This is not an absolute http:// or https:// URL with a host; give the whole "
                "presigned URL, quoted so the shell keeps its '&'s.");
    return r;
  }
  Context c{input, options, now, *url, request_for(input, *url), {}, {}};
  auto routed = router::route(c.request, {options.domains});
  if (!routed) {
    // Still read the query, to say what the signature covers.
    auto query = core::parse_query(c.request.query);
    const core::S3Error& e = routed.error();
    add_finding(r, Severity::kError, "bad-url",
                "S3 would refuse this URL before checking its signature: " +
                    std::string(e.info().code) + " (" + std::string(e.effective_message()) + ")" +
                    (e.diagnosis.empty() ? "" : ": " + e.diagnosis));
    if (!query) return r;
    c.op.query = std::move(query->params);
    c.op.query_text = std::move(query->text);
  } else {
    c.op = std::move(*routed);
    // The operation depends on the method: named here only when the method is known (the
    // verdict names it for the method the signature is valid for).
    if (!input.method.empty()) r.operation = std::string(router::op_name(c.op.kind));
  }
  r.parsed = true;
  c.facts = auth::read_presigned(c.op.query);
  const auth::PresignedFacts& f = c.facts;
  r.version = f.version == auth::PresignVersion::kSigV4   ? "sigv4"
              : f.version == auth::PresignVersion::kSigV2 ? "sigv2"
                                                          : "none";
  r.algorithm = f.algorithm;
  r.access_key = f.access_key;
  r.region = f.region;
  r.service = f.service;
  r.security_token = f.security_token;
  r.scheme = url->scheme;
  r.host = c.request.header("host").value_or("");
  r.path = url->path;
  r.bucket = c.op.bucket;
  r.key = c.op.key;
  r.addressing = c.op.virtual_host ? "virtual-hosted" : c.op.bucket.empty() ? "service" : "path";
  describe_time(c, r);
  describe_query(c, r);
  if (routed) check_signature(c, r);
  lint(c, r);
  return r;
}

}  // namespace s3sandbox::explain
