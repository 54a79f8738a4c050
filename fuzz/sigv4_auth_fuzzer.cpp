// Fuzzes SigV4/SigV2 authentication as a request header arrives: the Authorization header
// parser, the presigned query parser and the canonical request builder through
// Authenticator::authenticate (given the query parsed as the router parses it), plus the pure
// canonical functions on the same raw bytes.
// Input (lines): flags, method, request-target, Host, Authorization (empty: none), then
// "Name: value" headers. Flags byte: mode = (b & 3) % 3 (strict/warn/off), b & 4 virtual-hosted,
// b & 8 any region. Time is frozen at the AWS examples' 2013-05-24T00:00:00Z.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth/sigv4_parse.hpp"
#include "fuzz_support.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/uri.hpp"

namespace {

using namespace s3sandbox;

const core::TimePoint kNow{std::chrono::seconds(1369353600)};  // 2013-05-24T00:00:00Z

auth::AuthOptions options(auth::AuthMode mode, bool any_region) {
  auth::AuthOptions o;
  o.credentials.add({"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"});
  o.credentials.add({"s3sandbox", "s3sandbox-secret"});
  o.mode = mode;
  o.any_region = any_region;
  o.host_aliases = {"minio:9000"};
  return o;
}

const auth::Authenticator& authenticator(unsigned flags) {
  static const core::FrozenClock clock(kNow);
  static const auth::Authenticator all[] = {
      {options(auth::AuthMode::kStrict, false), clock},
      {options(auth::AuthMode::kWarn, false), clock},
      {options(auth::AuthMode::kOff, false), clock},
      {options(auth::AuthMode::kStrict, true), clock},
      {options(auth::AuthMode::kWarn, true), clock},
      {options(auth::AuthMode::kOff, true), clock},
  };
  return all[(flags & 3) % 3 + ((flags & 8) ? 3 : 0)];
}

void exercise_canonical(const core::RequestView& r, const core::ParsedQuery* query,
                        std::string_view authorization) {
  std::string uri = auth::canonical_uri(r.path);
  S3SANDBOX_FUZZ_CHECK(!uri.empty());  // "" becomes "/"
  (void)auth::normalized_canonical_uri(r.path);
  std::string decoded = *core::percent_decode(r.path, core::PlusIs::kPlus, core::BadEscape::kKeep);
  // AWS encoding of any bytes decodes back to them.
  S3SANDBOX_FUZZ_CHECK(core::percent_decode(core::uri_encode(decoded)) == decoded);
  (void)core::uri_encode(decoded, {.keep_slash = true});

  std::string canonical_query;
  if (query != nullptr) {
    (void)auth::canonical_query(query->params, false);
    canonical_query = auth::canonical_query(query->params, true);
    if (auth::is_presigned_v4(query->params)) (void)auth::parse_presigned_v4(query->params);
  }

  // The canonical request of every header sent plus one that was not.
  std::vector<std::string> names;
  for (const core::Header& h : r.headers) names.push_back(core::to_lower(h.name));
  names.push_back("x-missing");
  for (const core::Header& h : r.headers) (void)auth::canonical_header_value(h.value);
  std::string canonical_request, string_to_sign;
  std::vector<std::string> missing;
  auth::build_sigv4_string_to_sign(
      {r.method, uri, canonical_query, r.headers, names, auth::kUnsignedPayload, "20130524T000000Z",
       "20130524/us-east-1/s3/aws4_request"},
      canonical_request, string_to_sign, &missing);
  bool sent = false;
  for (const core::Header& h : r.headers) sent = sent || core::iequals(h.name, "x-missing");
  S3SANDBOX_FUZZ_CHECK(sent || (!missing.empty() && missing.back() == "x-missing"));
  (void)auth::spaced_hex_bytes(canonical_request.substr(0, 64));

  (void)auth::parse_authorization_v4(authorization);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines = fuzz::split_lines(input);
  unsigned flags =
      fuzz::line_at(lines, 0).empty() ? 0 : static_cast<unsigned char>(fuzz::line_at(lines, 0)[0]);

  core::RequestView r;
  r.method = std::string(fuzz::line_at(lines, 1));
  r.target = std::string(fuzz::line_at(lines, 2));
  fuzz::split_target(r.target, r.path, r.query);
  r.headers.push_back({"Host", std::string(fuzz::line_at(lines, 3))});
  std::string_view authorization = fuzz::line_at(lines, 4);
  if (!authorization.empty()) r.headers.push_back({"Authorization", std::string(authorization)});
  for (std::size_t i = 5; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }

  // Path-style: the first segment names the bucket, the rest is the key (decoded).
  std::string_view path = r.path;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t slash = path.find('/');
  std::string bucket(path.substr(0, slash));
  std::string key = slash == std::string_view::npos
                        ? ""
                        : *core::percent_decode(path.substr(slash + 1), core::PlusIs::kPlus,
                                                core::BadEscape::kKeep);
  // The query as the router parses it; one it refuses (InvalidURI) never reaches authentication.
  auto query = core::parse_query(r.query);
  if (query) {
    auth::AuthContext context{bucket, (flags & 4) != 0, key, query->params};
    auto result = authenticator(flags).authenticate(r, context);
    fuzz::report("sigv4_auth", static_cast<bool>(result),
                 result ? std::string_view(result->scheme) : result.error().effective_message());
    if (result) {
      // A verified signature seeds the chunk chain; it is always 64 lower-case hex digits.
      S3SANDBOX_FUZZ_CHECK(result->seed_signature.empty() || result->seed_signature.size() == 64);
    } else {
      (void)result.error().effective_message();
    }
  } else {
    fuzz::report("sigv4_auth", false, query.error().effective_message());
  }
  exercise_canonical(r, query ? &*query : nullptr, authorization);
  return 0;
}
