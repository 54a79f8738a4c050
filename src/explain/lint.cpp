// The lint: mistakes a URL carries whatever the credential, each in plain words with the fix.
// Time findings the verdict already made (the server's own diagnosis of an expired URL) are not
// repeated.
#include <algorithm>

#include "explain/parts.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::explain {
namespace {

bool has_finding(const Report& r, std::string_view code) {
  return std::any_of(r.findings.begin(), r.findings.end(),
                     [code](const Finding& f) { return f.code == code; });
}

std::string iso(core::TimePoint t) { return core::format_iso8601(t).substr(0, 19) + "Z"; }

void lint_time(const Context& c, Report& r) {
  if (r.version == "sigv4" && r.over_seven_days && !has_finding(r, "over-seven-days")) {
    add_finding(r, Severity::kError, "over-seven-days",
                "X-Amz-Expires is " + std::to_string(*r.expires_seconds) + " s (" +
                    auth::describe_duration(std::chrono::seconds(*r.expires_seconds)) +
                    "), over the seven days (604800 s) S3 allows a SigV4 presigned URL: S3 "
                    "refuses it at any time with AuthorizationQueryParametersError. Presign "
                    "with an expiry of at most 604800 seconds.");
  }
  if (r.version == "sigv2" && r.over_seven_days) {
    add_finding(r, Severity::kWarning, "over-seven-days",
                "The URL is valid for more than seven days (until " + iso(*r.expires_at) +
                    "). SigV2 allows it, but SigV4 URLs are limited to seven days and URLs "
                    "signed with temporary credentials die with them: do not rely on it.");
  }
  if (r.expired && !has_finding(r, "expired") && r.expires_at) {
    add_finding(r, Severity::kError, "expired",
                "The URL expired at " + iso(*r.expires_at) + ", " +
                    auth::describe_duration(
                        std::chrono::duration_cast<std::chrono::seconds>(c.now - *r.expires_at)) +
                    " ago (now " + iso(c.now) + "). Sign a new URL, or a longer expiry.");
  }
}

void lint_checksums(const Context& c, Report& r) {
  const std::string& m = c.request.method;
  const bool upload = r.method_given.empty() || m == "PUT" || m == "POST";
  for (const Checksum& sum : r.checksums) {
    if (!sum.empty_body) continue;
    std::string fix =
        sum.name == "x-amz-content-sha256"
            ? " S3 refuses every non-empty upload with XAmzContentSHA256Mismatch. Presign with "
              "UNSIGNED-PAYLOAD (the SDKs' default for presigned URLs)."
            : " S3 checks the uploaded bytes against it, so every upload of one byte or more is "
              "refused with BadDigest. aws-sdk-js v3 adds it to presigned PutObject URLs by "
              "default: create the S3Client with requestChecksumCalculation: \"WHEN_REQUIRED\", "
              "or presign with the checksum of the actual bytes.";
    add_finding(r, upload ? Severity::kError : Severity::kInfo, "empty-body-checksum",
                "The URL carries " + sum.name + "=" + sum.value +
                    ", the checksum of an empty body, which no real upload can match." + fix);
  }
}

void lint_sigv2(const Context& c, Report& r) {
  if (c.facts.version == auth::PresignVersion::kNone) {
    add_finding(r, Severity::kError, "not-presigned",
                "The URL is not presigned (no X-Amz-Signature, no Signature): S3 refuses it with "
                "403 AccessDenied unless the bucket is public, and s3sandbox has no public "
                "buckets. Presign it (boto3 generate_presigned_url, aws-sdk-js getSignedUrl, aws "
                "s3 presign).");
  }
  if (c.facts.version == auth::PresignVersion::kSigV2) {
    add_finding(r, Severity::kWarning, "sigv2",
                "The URL is signed with SigV2 (AWSAccessKeyId, Signature, Expires), probably where "
                "SigV4 was intended: boto3 presigns with SigV2 when the client is not configured "
                "with Config(signature_version='s3v4') in some configurations (its legacy "
                "default in us-east-1). AWS has deprecated SigV2, regions opened since 2014 refuse "
                "it and it cannot name a region: create the client with "
                "Config(signature_version='s3v4') and a region_name.");
  }
}

void lint_scheme_and_host(const Context& c, Report& r) {
  const std::string host = router::host_without_port(r.host);
  const std::string& origin = c.options.page_origin;
  if (origin.starts_with("https://") && r.scheme == "http") {
    bool loopback = is_loopback_host(host);
    add_finding(r, loopback ? Severity::kWarning : Severity::kError, "http-on-https-page",
                "The URL is http:// but the page using it is served over https (" + origin +
                    "): browsers block it as mixed content (fetch fails with \"Failed to "
                    "fetch\", an <img> stays empty)" +
                    (loopback ? ", except for localhost, which they treat as secure; the "
                                "deployed page will fail."
                              : ".") +
                    " Presign with an https:// endpoint.");
  }
  const std::string& expected = c.options.expect_host;
  if (expected.empty()) return;
  bool with_port = expected.find(':') != std::string::npos && expected.back() != ']';
  bool same =
      with_port ? core::iequals(expected, r.host) : router::host_without_port(expected) == host;
  if (!same) {
    add_finding(r, Severity::kError, "unexpected-host",
                "The URL points at '" + r.host + "' but the request is meant for '" + expected +
                    "'. The host is part of the signature (SigV4 signs the Host header, SigV2 "
                    "the bucket of a virtual-hosted URL): presign with the endpoint the client "
                    "will actually use (endpoint_url in boto3, endpoint in aws-sdk-js).");
  }
}

bool unreserved_or_slash(unsigned char ch) {
  return std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == '/';
}

std::string shown(unsigned char ch) {
  if (ch == ' ') return "a space";
  if (ch < 0x20 || ch >= 0x7f) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("byte %") + kHex[ch >> 4] + kHex[ch & 15];
  }
  return "'" + std::string(1, static_cast<char>(ch)) + "'";
}

void lint_key(const Context& c, Report& r) {
  std::string_view raw = c.url.path;
  // The key's part of the path: after "/bucket/" for path-style URLs.
  if (r.addressing == "path") {
    auto slash = raw.find('/', 1);
    raw = slash == std::string_view::npos ? std::string_view() : raw.substr(slash + 1);
  }
  if (raw.find('+') != std::string_view::npos) {
    add_finding(r, Severity::kWarning, "plus-in-key",
                "The key has a literal '+' in the URL's path ('" + std::string(raw) +
                    "'): S3 reads '+' in a path as a plus sign, not a space, so this is the key '" +
                    r.key +
                    "'. If the key has a space, the URL was form-encoded: encode a space as %20 "
                    "(and a '+' as %2B), as the SDKs do.");
  }
  std::string unencoded;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(raw[i]);
    if (unreserved_or_slash(ch) || ch == '+' || ch == '%') continue;
    std::string what = shown(ch);
    if (unencoded.find(what) == std::string::npos) {
      unencoded += (unencoded.empty() ? "" : ", ") + what;
    }
  }
  if (!unencoded.empty()) {
    add_finding(r, Severity::kWarning, "unencoded-character",
                "The key has unencoded characters in the URL's path (" + unencoded +
                    "). HTTP clients and browsers encode or refuse them, and proxies may change "
                    "them, so the path sent may differ from the one signed. Percent-encode every "
                    "byte of the key but A-Z a-z 0-9 - _ . ~ and '/' (as the SDKs do).");
  }
}

}  // namespace

void lint(const Context& c, Report& r) {
  lint_sigv2(c, r);
  lint_time(c, r);
  lint_checksums(c, r);
  lint_scheme_and_host(c, r);
  lint_key(c, r);
  for (const SignedHeader& h : r.signed_headers) {
    if (h.must_send && !h.value) {
      add_finding(r, Severity::kWarning, "signed-header-value-unknown",
                  "The signature covers the header '" + h.name +
                      "', whose value the URL does not show: the request must send it with "
                      "exactly the value given to the signer (give it with --header to check).");
    }
  }
}

}  // namespace s3sandbox::explain
