// Authenticator: decides, from the request header alone, who signed a request and what its body
// must then satisfy. Order: presigned query (SigV4 X-Amz-*, SigV2 AWSAccessKeyId/Signature),
// then the Authorization header (AWS4-HMAC-SHA256, AWS), else anonymous.
//
// The result tells the body sink how to check the payload (a SHA-256 to compare at the end,
// unsigned, or aws-chunked streaming with the seed signature). Refusals are S3's errors with
// S3's fields plus a plain-words diagnosis.
//
// Modes: strict (refuse), warn (accept, but report the failure in `warning` for the log and the
// x-s3sandbox-diagnosis header), off (accept everything; a signature that was sent and failed is
// still reported in `warning`). Unsigned requests are refused in strict mode (AccessDenied):
// s3sandbox has no public buckets. POST Object (form uploads, signed by a policy in the body)
// and CORS preflights (OPTIONS) are not for this class: the app handles them.
// Time comes only from the injected Clock. Signing keys are cached (SigningKeyCache).
// Thread safety: const methods are safe to call concurrently.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/auth/signing_key_cache.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::auth {

enum class AuthMode { kStrict, kWarn, kOff };

struct AuthOptions {
  CredentialStore credentials;
  std::string region = "us-east-1";
  bool any_region = false;  // accept a scope with any region
  AuthMode mode = AuthMode::kStrict;
  std::chrono::seconds max_skew{15 * 60};
  // Hosts ("name:port") the server is reachable as, to diagnose URLs signed for another one.
  std::vector<std::string> host_aliases;
};

enum class PayloadMode {
  kNone,                      // anonymous or unsigned: nothing to check
  kUnsigned,                  // UNSIGNED-PAYLOAD
  kSha256,                    // compare the body's SHA-256 with `expected_sha256_hex`
  kStreamingSigned,           // STREAMING-AWS4-HMAC-SHA256-PAYLOAD
  kStreamingSignedTrailer,    // STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER
  kStreamingUnsignedTrailer,  // STREAMING-UNSIGNED-PAYLOAD-TRAILER
};

struct AuthResult {
  std::string access_key;  // empty when anonymous
  std::string scheme;  // "sigv4-header", "sigv4-query", "sigv2-header", "sigv2-query", "anonymous"
  PayloadMode payload = PayloadMode::kNone;
  std::string expected_sha256_hex;
  // For streaming payloads: what chunk signatures chain from (the request's SigV4 signature,
  // lower-case hex). Empty when the signature was not verified (warn/off mode failures):
  // chunk signatures cannot be checked then.
  std::string seed_signature;
  std::string signing_key;  // raw derived key (never logged)
  std::string amz_date;     // request timestamp, 20130524T000000Z
  std::string scope;        // 20130524/us-east-1/s3/aws4_request
  // Set in warn mode when a check failed but the request was let through.
  std::optional<core::S3Error> warning;
};

// What the authenticator needs to know beyond the raw request: what the router made of it.
struct AuthContext {
  std::string_view bucket;    // bucket named by the request ("" for service calls)
  bool virtual_host = false;  // bucket came from the Host header (SigV2 resource)
  std::string_view key;       // decoded key
  // The request's query as parsed once, at routing (router::Operation::query; callers without a
  // router use core::parse_query). Authentication reads parameters only from here, never from
  // RequestView::query: left empty, a presigned URL's X-Amz-*/Signature are not seen.
  std::span<const core::QueryParam> query = {};
};

class Authenticator {
 public:
  Authenticator(AuthOptions options, const core::Clock& clock);

  core::Result<AuthResult> authenticate(const core::RequestView& request,
                                        const AuthContext& context) const;

  const AuthOptions& options() const { return options_; }

 private:
  AuthOptions options_;
  const core::Clock& clock_;
  std::unique_ptr<SigningKeyCache> keys_;
};

}  // namespace s3sandbox::auth
