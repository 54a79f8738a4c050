// The signature's verdict, by the server's own Authenticator on the request a client would make
// from the URL: the same checks in the same order (parameters, region, time, signed headers,
// access key, signature) and the same plain-words diagnosis. Which method a URL was signed for
// is not written in it (SigV4 and SigV2 sign the method without showing it), so with a
// credential each method is tried, as the server's diagnosis does.
#include "explain/parts.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::explain {
namespace {

constexpr std::string_view kMethods[] = {"GET", "PUT", "HEAD", "POST", "DELETE"};

core::Result<auth::AuthResult> attempt(const Context& c, const auth::Authenticator& authenticator,
                                       std::string_view method,
                                       const std::vector<core::Header>& headers) {
  core::RequestView request = c.request;
  request.method = std::string(method);
  request.headers = headers;
  return authenticator.authenticate(request,
                                    {c.op.bucket, c.op.virtual_host, c.op.key, c.op.query});
}

// The request's headers plus the signed values the URL shows (a SigV2 URL's content-type), so
// that trying the methods is not stopped by a header the caller did not repeat.
std::vector<core::Header> probe_headers(const Context& c, const Report& r) {
  std::vector<core::Header> headers = c.request.headers;
  for (const SignedHeader& h : r.signed_headers) {
    if (!h.must_send || !h.value || h.source != "query") continue;
    if (!c.request.header(h.name)) headers.push_back({h.name, *h.value});
  }
  return headers;
}

// A time at which the URL's dates are valid, to tell its signature apart from its expiry.
core::TimePoint probe_time(const Context& c, const Report& r) {
  bool early = r.signed_at && *r.signed_at - c.now > std::chrono::minutes(15);
  if (!r.expired && !early) return c.now;
  if (r.signed_at) return *r.signed_at;
  if (r.expires_at) return *r.expires_at - std::chrono::seconds(1);
  return c.now;
}

auth::AuthOptions auth_options(const ExplainOptions& o, auth::CredentialStore credentials) {
  auth::AuthOptions a;
  a.credentials = std::move(credentials);
  a.any_region = o.region.empty() || o.region == "*";
  if (!a.any_region) a.region = o.region;
  a.host_aliases = o.host_aliases;
  return a;
}

std::string guess_method(const Context& c) {
  if (const core::QueryParam* id = query_param(c, "x-id")) {  // aws-sdk-js names the command
    std::string_view op = id->value;
    if (op.starts_with("Put") || op == "UploadPart") return "PUT (x-id=" + std::string(op) + ")";
    if (op.starts_with("Get")) return "GET (x-id=" + std::string(op) + ")";
    if (op.starts_with("Delete")) return "DELETE (x-id=" + std::string(op) + ")";
  }
  if (query_param(c, "uploadId") && query_param(c, "partNumber")) return "PUT (UploadPart)";
  for (const std::string& name : c.facts.signed_headers) {
    if (name == "content-type" || name == "content-md5" || name.starts_with("x-amz-meta-")) {
      return "PUT (it signs " + name + ", a header uploads send)";
    }
  }
  for (const core::QueryParam& p : c.op.query) {
    if (core::to_lower(p.signed_name).starts_with("x-amz-checksum-") &&
        !core::iequals(p.signed_name, "x-amz-checksum-mode")) {
      return "PUT (it carries an upload checksum)";
    }
    if (core::to_lower(p.name).starts_with("response-")) return "GET (response-* overrides)";
  }
  return "";
}

void describe_methods(const Context& c, Report& r, bool checked) {
  if (!r.valid_methods.empty()) {
    std::string list;
    for (const std::string& m : r.valid_methods) list += (list.empty() ? "" : ", ") + m;
    r.method_note = "The signature is valid for " + list +
                    ". The method is signed but not written in the URL: a request with another "
                    "method is refused with SignatureDoesNotMatch.";
    return;
  }
  if (checked) {
    r.method_note = "No method makes the signature match with the headers given (see the verdict).";
    return;
  }
  std::string guess = guess_method(c);
  r.method_note =
      "The URL signs the method but does not show it; give the credential "
      "(--credential AK:SK, or the server's own keys at POST /_sandbox/explain) to "
      "find which method it was signed for." +
      (guess.empty() ? std::string() : " The URL suggests " + guess + ".");
}

std::string finding_code(const Context& c, const Report& r, const core::S3Error& e) {
  if (r.over_seven_days && r.version == "sigv4" &&
      e.code == core::ErrorCode::kAuthorizationQueryParametersError) {
    return "over-seven-days";
  }
  if (r.expired && e.code == core::ErrorCode::kAccessDenied) return "expired";
  if (r.signed_at && *r.signed_at - c.now > std::chrono::minutes(15) &&
      e.code == core::ErrorCode::kAccessDenied) {
    return "not-yet-valid";
  }
  if (e.code == core::ErrorCode::kSignatureDoesNotMatch) return "signature-mismatch";
  if (e.code == core::ErrorCode::kAuthorizationQueryParametersError) return "malformed-parameters";
  return "refused";
}

}  // namespace

void check_signature(const Context& c, Report& r) {
  if (c.facts.version == auth::PresignVersion::kNone) return;
  auth::CredentialStore credentials;
  std::string source;
  if (c.input.credential) {
    credentials.add(*c.input.credential);
    source = "given";
  } else if (!c.options.credentials.empty()) {
    credentials = c.options.credentials;
    source = "server";
  }
  const auth::AuthOptions options = auth_options(c.options, credentials);
  const bool known = !credentials.empty();
  if (known) {
    core::FrozenClock when(probe_time(c, r));
    auth::Authenticator probe(options, when);
    const std::vector<core::Header> headers = probe_headers(c, r);
    for (std::string_view method : kMethods) {
      if (attempt(c, probe, method, headers)) r.valid_methods.emplace_back(method);
    }
  }
  Verdict& v = r.verdict;
  v.method = !r.method_given.empty()    ? r.method_given
             : !r.valid_methods.empty() ? r.valid_methods.front()
                                        : "GET";
  core::RequestView as_sent = c.request;
  as_sent.method = v.method;
  const bool method_known = !r.method_given.empty() || !r.valid_methods.empty();
  if (auto op = router::route(as_sent, {c.options.domains}); op && method_known) {
    r.operation = std::string(router::op_name(op->kind));
  }
  core::FrozenClock now(c.now);
  auth::Authenticator authenticator(options, now);
  auto result = attempt(c, authenticator, v.method, c.request.headers);
  describe_methods(c, r, known);
  // Without a credential the checks before the access key still run: parameters, region, time.
  if (!result && !known && result.error().code == core::ErrorCode::kInvalidAccessKeyId) return;
  v.checked = known;
  v.credential_source = source;
  if (result) {
    v.valid = true;
    return;
  }
  const core::S3Error& e = result.error();
  v.error_code = std::string(e.info().code);
  v.message = std::string(e.effective_message());
  v.diagnosis = e.diagnosis;
  for (const auto& [name, value] : e.fields) {
    if (!name.ends_with("Bytes")) v.fields.emplace_back(name, value);
  }
  if (e.code == core::ErrorCode::kInvalidAccessKeyId && c.input.credential) {
    v.diagnosis = "The URL was signed with access key '" + r.access_key +
                  "' but the credential given is for '" + c.input.credential->access_key +
                  "': give that access key's secret.";
  }
  // The diagnosis first, as the server's message does; S3's own message only without one.
  add_finding(r, Severity::kError, finding_code(c, r, e),
              "S3 would answer " + std::to_string(e.info().http_status) + " " + v.error_code +
                  ": " + (v.diagnosis.empty() ? v.message : v.diagnosis));
  if (!r.valid_methods.empty() && !r.verdict.valid &&
      (r.expired || finding_code(c, r, e) == "not-yet-valid")) {
    add_finding(r, Severity::kInfo, "signature-otherwise-valid",
                "Apart from its dates the signature is right: it is valid for " +
                    r.valid_methods.front() + ".");
  }
}

}  // namespace s3sandbox::explain
