// Explaining a presigned URL (s3sandbox explain, POST /_sandbox/explain, Server::explain): what
// it was signed for, what a request must send to use it, and whether it will work, without a
// server. A pure analysis with the time injected. It reads the URL with the server's own pieces:
// the router (bucket, key, addressing style, operation), auth::read_presigned (the signature's
// parameters) and, when a credential is known, auth::Authenticator itself, so a verdict and its
// diagnosis are exactly what the server would answer. There is no second canonicalizer here.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/request.hpp"

namespace s3sandbox::explain {

// What to explain: the URL and, optionally, how it will be used.
struct ExplainInput {
  std::string url;
  std::string method;                 // "" when not given: the methods are tried
  std::vector<core::Header> headers;  // the headers the request will send
  std::optional<auth::Credential> credential;
};

// The setting the URL is checked in: what the server (or the command line) knows.
struct ExplainOptions {
  std::vector<std::string> domains = {"localhost"};  // virtual-hosted style domains (--domain)
  // Checked when the input has no credential (the server's own keys); empty: no check.
  auth::CredentialStore credentials;
  std::string region;  // the server's region; "" accepts any
  std::vector<std::string> host_aliases;
  std::string page_origin;  // "https://app.example.com": the page that will use the URL
  std::string expect_host;  // the host the URL should point at ("localhost:9000")
};

enum class Severity { kError, kWarning, kInfo };
std::string_view severity_name(Severity s);  // "error", "warning", "info"

struct Finding {
  Severity severity;
  std::string code;     // stable, for machines: "expired", "sigv2", ...
  std::string message;  // plain words: what is wrong and what to do
};

// A header the signature covers, and what the request must send for it.
struct SignedHeader {
  std::string name;                  // lower-case
  std::optional<std::string> value;  // the value to send, when knowable
  // Where the value comes from: "url" (the URL's host), "query" (a hoisted parameter that
  // already carries it), "given" (the headers the caller gave), "" (unknown).
  std::string source;
  bool must_send = true;  // false when the query already carries it (nothing to send)
};

struct Checksum {
  std::string name;         // "x-amz-checksum-crc32", "x-amz-content-sha256", ...
  std::string value;        // as in the URL
  bool empty_body = false;  // the checksum of zero bytes: no real upload can match it
};

struct Verdict {
  bool checked = false;  // a credential was known
  bool valid = false;
  std::string credential_source;  // "given" or "server"
  std::string method;             // the method checked
  std::string error_code;         // S3's code when refused
  std::string message;            // S3's message
  std::string diagnosis;          // the server's plain-words diagnosis
  // S3's error fields (CanonicalRequest, StringToSign, Expires, ServerTime...; not the *Bytes
  // renderings): what the server computed, to compare with what the signer logs.
  std::vector<std::pair<std::string, std::string>> fields;
};

struct Report {
  std::string url;
  bool parsed = false;  // false: not an http(s) URL; only findings are set
  // The signature.
  std::string version;  // "sigv4", "sigv2" or "none"
  std::string algorithm, access_key, region, service;
  bool security_token = false;
  // Where it points.
  std::string scheme, host, path;       // host with port as the Host header carries it
  std::string bucket, key, addressing;  // addressing: "path", "virtual-hosted" or "service"
  std::string operation;                // the S3 operation for the method checked
  // The method.
  std::string method_given;
  std::vector<std::string> valid_methods;  // the methods the signature is valid for (checked)
  std::string method_note;
  std::vector<SignedHeader> signed_headers;
  // Time.
  std::optional<core::TimePoint> signed_at, expires_at;
  std::optional<std::int64_t> expires_seconds;    // the validity the URL was signed with
  std::optional<std::int64_t> remaining_seconds;  // negative when expired
  bool over_seven_days = false;
  bool expired = false;
  std::vector<Checksum> checksums;
  std::vector<std::pair<std::string, std::string>> response_overrides;
  Verdict verdict;
  std::vector<Finding> findings;

  // Usable as given: no error-level finding, and a valid signature when one was checked.
  bool usable() const;
};

Report explain(const ExplainInput& input, const ExplainOptions& options, core::TimePoint now);

}  // namespace s3sandbox::explain
