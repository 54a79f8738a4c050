// Fuzzes POST policy verification (auth::verify_post_policy): the policy JSON, its conditions
// and the form fields they cover. Input (lines): flags, key, policy, then "name:value" form
// fields. Flags byte b: unless b & 1, the policy line is JSON that is base64-encoded and signed
// here with the AWS example credentials (SigV4, or SigV2 when b & 2), so inputs get past the
// signature check to the policy itself; with b & 1 every line from the policy on is a raw
// "name:value" field (signatures and policy as sent). Time is frozen at 2013-05-24T00:00:00Z.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "s3sandbox/auth/policy_signature.hpp"
#include "s3sandbox/auth/post_policy.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace {

using namespace s3sandbox;

constexpr std::string_view kAk = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kSk = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const core::TimePoint kNow{std::chrono::seconds(1369353600)};  // 2013-05-24T00:00:00Z

const auth::AuthOptions& options() {
  static const auth::AuthOptions o = [] {
    auth::AuthOptions o;
    o.credentials.add({std::string(kAk), std::string(kSk)});
    return o;
  }();
  return o;
}

auth::PostField field_of(std::string_view line) {
  std::size_t colon = line.find(':');
  std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
  return {std::string(line.substr(0, colon)), std::string(value)};
}

void add_signature(std::vector<auth::PostField>& fields, std::string_view policy_json, bool v2) {
  std::string policy = crypto::base64_encode(policy_json);
  if (v2) {
    fields.push_back({"AWSAccessKeyId", std::string(kAk)});
    fields.push_back({"policy", policy});
    fields.push_back({"signature", auth::sign_v2_policy(kSk, policy)});
    return;
  }
  static const std::string key = auth::derive_signing_key(kSk, "20130524", "us-east-1", "s3");
  fields.push_back({"x-amz-algorithm", "AWS4-HMAC-SHA256"});
  fields.push_back({"x-amz-credential", std::string(kAk) + "/20130524/us-east-1/s3/aws4_request"});
  fields.push_back({"x-amz-date", "20130524T000000Z"});
  fields.push_back({"policy", policy});
  fields.push_back({"x-amz-signature", auth::sign_v4_policy(key, policy)});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines = fuzz::split_lines(input);
  std::string_view flags_line = fuzz::line_at(lines, 0);
  const unsigned flags = flags_line.empty() ? 0 : static_cast<unsigned char>(flags_line[0]);
  std::string_view key = fuzz::line_at(lines, 1);

  std::vector<auth::PostField> fields;
  const bool raw = (flags & 1) != 0;
  for (std::size_t i = raw ? 2 : 3; i < lines.size(); ++i) fields.push_back(field_of(lines[i]));
  if (!raw) add_signature(fields, fuzz::line_at(lines, 2), (flags & 2) != 0);

  auto result = auth::verify_post_policy(fields, "media", key, options(), kNow);
  fuzz::report("post_policy", static_cast<bool>(result),
               result ? std::string_view() : std::string_view(result.error().effective_message()));
  if (result) {
    S3SANDBOX_FUZZ_CHECK(result->access_key == kAk);
    S3SANDBOX_FUZZ_CHECK(result->min_length <= result->max_length);
  }
  return 0;
}
