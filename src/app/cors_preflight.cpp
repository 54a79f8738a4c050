// The CORS preflight: OPTIONS with Origin and Access-Control-Request-Method, answered without
// authentication (browsers never sign it) from the bucket's CORS rules, with S3's refusals:
// BadRequest for an incomplete preflight, AccessForbidden ("CORSResponse: ...") otherwise.
#include <algorithm>

#include "cors.hpp"
#include "cors_rules.hpp"

namespace s3sandbox::app {
namespace {

constexpr std::string_view kPreflightMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD"};

core::S3Error forbidden(const CorsRequest& c, const router::Operation& op, std::string message,
                        std::string why) {
  return core::S3Error(core::ErrorCode::kAccessForbidden, std::move(message))
      .with("Method", c.method)
      .with("ResourceType", op.key.empty() ? "BUCKET" : "OBJECT")
      .because(std::move(why));
}

core::Response allowed(std::vector<core::Header> headers, std::string permissive_note = {}) {
  core::Response r;
  r.headers = std::move(headers);
  if (!permissive_note.empty()) {
    // A relaxed check is never silent: say what real S3 would have answered.
    r.headers.push_back(
        {"x-s3sandbox-diagnosis", "cors=permissive allowed this preflight; " + permissive_note});
  }
  return r;
}

// The bucket CORS rule that would let this preflight through on S3, for the warning.
std::string rule_that_would_pass(const CorsRequest& c) {
  std::string headers;
  for (const std::string& h : c.headers) headers += (headers.empty() ? "\"" : ", \"") + h + "\"";
  return "PutBucketCors with a rule AllowedOrigins [\"" + c.origin + "\"], AllowedMethods [\"" +
         c.method + "\"]" + (headers.empty() ? "" : ", AllowedHeaders [" + headers + "]") +
         " (and ExposeHeaders [\"ETag\"] if the page reads it)";
}

// --cors permissive allows what S3 would refuse: answered, but noted once per origin and bucket
// in the warnings summary (health, shutdown) with the rule that would make S3 agree.
core::Response allowed_permissively(Services& svc, const CorsRequest& c,
                                    const router::Operation& op, const std::string& s3_answer) {
  svc.warnings.note("cors-permissive", c.origin + " " + op.bucket,
                    "--cors permissive allowed a " + c.method + " preflight from " + c.origin +
                        (op.bucket.empty() ? "" : " to bucket '" + op.bucket + "'") +
                        " that S3 would refuse: " + s3_answer +
                        (op.bucket.empty() ? "" : ". Fix: " + rule_that_would_pass(c)),
                    svc.clock.now());
  return allowed(permissive_preflight_headers(c), s3_answer);
}

}  // namespace

core::Result<core::Response> answer_preflight(Services& svc, const core::RequestView& request,
                                              const router::Operation& op,
                                              std::string* matched_rule) {
  auto origin = request.header("Origin");
  if (!origin || origin->empty()) {
    return core::S3Error(core::ErrorCode::kBadRequest,
                         "Insufficient information. Origin request header needed.")
        .because(
            "an OPTIONS request is a CORS preflight and needs an Origin header (browsers "
            "send it themselves)");
  }
  auto method = request.header("Access-Control-Request-Method");
  if (!method || std::find(std::begin(kPreflightMethods), std::end(kPreflightMethods), *method) ==
                     std::end(kPreflightMethods)) {
    return core::S3Error(core::ErrorCode::kBadRequest,
                         "Invalid Access-Control-Request-Method: " +
                             (method ? std::string(*method) : std::string("null")))
        .because(
            "a CORS preflight needs Access-Control-Request-Method: GET, PUT, POST, DELETE "
            "or HEAD (the methods S3 serves)");
  }
  CorsRequest c{
      std::string(*origin), std::string(*method),
      split_request_headers(
          request.header_joined("Access-Control-Request-Headers").value_or(std::string()))};
  const bool permissive = svc.options.cors == CorsMode::kPermissive;

  // The sandbox's own API is not S3: its preflights are always allowed.
  if (op.kind == router::OpKind::kSandbox) return allowed(permissive_preflight_headers(c));
  if (op.bucket.empty()) {
    if (permissive) {
      if (matched_rule != nullptr) *matched_rule = "permissive";
      return allowed_permissively(svc, c, op,
                                  "S3 refuses preflights to the service endpoint (ListBuckets)");
    }
    return forbidden(c, op, "",
                     "S3 answers CORS preflights only for buckets; the service "
                     "endpoint (ListBuckets) cannot be called from a browser");
  }
  auto rules = svc.backend.get_bucket_cors(op.bucket);
  if (!rules && rules.error().code == core::ErrorCode::kNoSuchBucket) {
    if (permissive) {
      if (matched_rule != nullptr) *matched_rule = "permissive";
      return allowed_permissively(svc, c, op,
                                  "S3 answers 403 'CORSResponse: Bucket not found': bucket '" +
                                      op.bucket + "' does not exist");
    }
    return forbidden(c, op, "CORSResponse: Bucket not found",
                     "bucket '" + op.bucket + "' does not exist");
  }
  if (!rules) return rules.error();
  if (!*rules) {
    if (permissive) {
      if (matched_rule != nullptr) *matched_rule = "permissive";
      return allowed_permissively(svc, c, op,
                                  "bucket '" + op.bucket +
                                      "' has no CORS configuration, which S3 refuses with 403 "
                                      "'CORSResponse: CORS is not enabled for this bucket.'");
    }
    return forbidden(c, op, "CORSResponse: CORS is not enabled for this bucket.",
                     "the bucket has no CORS configuration; PutBucketCors or start with "
                     "--cors=permissive");
  }
  auto index = first_matching_rule(**rules, c, true);
  if (!index) return forbidden(c, op, "", explain_cors_refusal(**rules, c));
  if (matched_rule != nullptr) *matched_rule = describe_cors_rule(**rules, *index);
  return allowed(preflight_headers((**rules)[*index], c));
}

}  // namespace s3sandbox::app
