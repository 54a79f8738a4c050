// Plain-words diagnoses of signature mismatches: the part of s3sandbox that goes beyond S3.
// Given what the server verified, it recomputes the signature with one plausible change at a
// time (the Host as each configured alias, or without its port; another HTTP method; the path as
// received before a proxy re-encoded it; Content-Type without parameters a browser added) and
// names the change that makes it match. Signed headers the request did not send are named
// first. When nothing matches it lists the signed values used and names the remaining causes
// (a header value differing from the one signed, or a wrong secret key).
// The variants tried, in order: the host (each --host-alias; localhost, 127.0.0.1, [::1], this
// machine's name, host.docker.internal; with the port sent, none, :80, :443), the other
// addressing style (signed for bucket.host with /key, sent path-style /bucket/key, and the
// reverse), another method, the path before re-encoding, a signed header's value (Content-Type
// without parameters, then common types; for presigned URLs the signed value is not in the URL,
// so the wording says it was inferred), then the secret: another configured access key's, or a
// well-known default of another S3 tool. Without a match the diagnosis leads with the most
// common cause, a different secret key for the access key, and lists the signed values after.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/sigv4_material.hpp"
#include "s3sandbox/auth/credentials.hpp"

namespace s3sandbox::auth {

struct SigV4Mismatch {
  const SigV4Material& material;  // as verified
  std::string_view signing_key;
  std::string_view provided;  // the client's signature, lower-case hex
  std::string_view raw_path;
  std::vector<std::string> missing_headers;
  const std::vector<std::string>& host_aliases;
  bool presigned = false;
  std::string_view access_key;
  // Every configured pair, to tell a secret of another access key (or a well-known default
  // secret of another S3 tool) from a changed request. Never rendered.
  const std::vector<Credential>* credentials = nullptr;
};

std::string diagnose_sigv4_mismatch(const SigV4Mismatch& m);

// SigV2: `resign` recomputes the base64 signature for a string to sign.
struct SigV2Mismatch {
  std::string_view method;
  std::string_view string_to_sign;
  std::string_view provided;
  std::string_view access_key;
  bool presigned = false;
};
std::string diagnose_sigv2_mismatch(const SigV2Mismatch& m, std::string_view secret);

}  // namespace s3sandbox::auth
