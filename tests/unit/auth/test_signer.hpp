// Test helpers: a minimal client-side SigV4 presigner / header signer and SigV2 signers built on
// the module's canonical functions (which the corpus tests pin to AWS's and botocore's vectors),
// so behaviour tests can make valid requests and then break exactly one thing; and the
// authentication call as the app makes it, with the query parsed once.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/request.hpp"

namespace s3sandbox::auth::testing {

inline constexpr const char* kAk = "AKIAIOSFODNN7EXAMPLE";
inline constexpr const char* kSk = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
inline constexpr const char* kDate = "20130524T000000Z";

core::TimePoint at(const char* amz_date);  // parse or abort

struct Spec {
  std::string method = "GET";
  std::string host = "localhost:9000";
  std::string path = "/media/k";
  std::string query;  // extra raw query, signed
  std::string amz_date = kDate;
  long long expires = 3600;
  std::string region = "us-east-1";
  std::string access_key = kAk;
  std::string secret_key = kSk;
  std::map<std::string, std::string> headers;     // extra signed headers (lower-case names)
  std::string payload_hash = "UNSIGNED-PAYLOAD";  // header auth
};

// A presigned SigV4 request as a browser would send it (signed headers included).
core::RequestView presign_v4(const Spec& spec);
// A SigV4 header-signed request (x-amz-date, x-amz-content-sha256 and host signed).
core::RequestView sign_v4_header(const Spec& spec);
// SigV2 presigned URL (absolute Expires) and header-signed request.
core::RequestView presign_v2(const Spec& spec, long long expires_epoch);
core::RequestView sign_v2_header(const Spec& spec, const std::string& http_date);

void set_header(core::RequestView& r, const std::string& name, const std::string& value);
void remove_header(core::RequestView& r, const std::string& name);
// Replaces a query parameter's raw value (or appends it) and rebuilds target.
void set_query_param(core::RequestView& r, const std::string& name, const std::string& raw_value);

AuthOptions options_with_default_key(AuthMode mode = AuthMode::kStrict);

// Authenticates `r` as the app does: its query parsed once, as the router parses it
// (core::parse_query; a malformed escape is the router's InvalidURI), and handed over in
// `context.query`.
core::Result<AuthResult> authenticate(const Authenticator& auth, const core::RequestView& r,
                                      AuthContext context = {});

// SigV4's canonical query of a raw query string (parsed as the router does; aborts on a
// malformed escape).
std::string canonical_query_of(std::string_view raw_query, bool exclude_signature);

// The value of a field in an S3Error, or "" when absent.
std::string field(const core::S3Error& e, const std::string& name);

}  // namespace s3sandbox::auth::testing
