#include "s3sandbox/auth/post_policy.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <optional>
#include <set>

#include "auth/auth_errors.hpp"
#include "auth/sigv4_parse.hpp"
#include "s3sandbox/auth/policy_signature.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

namespace json = boost::json;
using core::ErrorCode;
using core::S3Error;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const PostField* find_field(const std::vector<PostField>& fields, std::string_view name) {
  std::string want = lower(name);
  for (const PostField& f : fields) {
    if (lower(f.name) == want) return &f;
  }
  return nullptr;
}

S3Error invalid_policy(std::string detail, std::string why) {
  return S3Error(ErrorCode::kInvalidPolicyDocument, "Invalid Policy: " + std::move(detail))
      .because(std::move(why));
}

S3Error policy_denied(std::string detail, std::string why) {
  return S3Error(ErrorCode::kAccessDenied, "Invalid according to Policy: " + std::move(detail))
      .because(std::move(why));
}

// One eq / starts-with condition; an object condition {"acl": "private"} is an "eq".
struct Condition {
  std::string op;    // "eq" or "starts-with"
  std::string name;  // as written, without '$'
  std::string value;
};

struct Policy {
  core::TimePoint expiration;
  std::vector<Condition> conditions;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> length_range;
};

// How S3 quotes a condition in "Policy Condition failed: [...]".
std::string render(const Condition& c) {
  auto quote = [](std::string_view s) { return json::serialize(json::string(s)); };
  return "[" + quote(c.op) + ", " + quote("$" + c.name) + ", " + quote(c.value) + "]";
}

std::optional<std::uint64_t> as_length(const json::value& v) {
  if (v.is_uint64()) return v.as_uint64();
  if (v.is_int64()) {
    if (v.as_int64() < 0) return std::nullopt;
    return static_cast<std::uint64_t>(v.as_int64());
  }
  if (v.is_string()) {
    std::string_view s = v.as_string();
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return n;
  }
  return std::nullopt;
}

core::Result<void> parse_condition(const json::value& v, Policy& out) {
  std::string text = json::serialize(v);
  auto bad = [&text]() {
    return invalid_policy("Invalid Condition: " + text,
                          "The policy condition " + text +
                              " is not {\"field\": \"value\"}, [\"eq\", \"$field\", \"value\"], "
                              "[\"starts-with\", \"$field\", \"prefix\"] or "
                              "[\"content-length-range\", min, max].");
  };
  if (v.is_object()) {
    if (v.as_object().empty()) return bad();
    for (const auto& [name, value] : v.as_object()) {
      if (!value.is_string()) return bad();
      out.conditions.push_back({"eq", std::string(name), std::string(value.as_string())});
    }
    return {};
  }
  if (!v.is_array()) return bad();
  const json::array& a = v.as_array();
  if (a.size() != 3 || !a[0].is_string()) return bad();
  std::string op = lower(a[0].as_string());
  if (op == "content-length-range") {
    auto min = as_length(a[1]), max = as_length(a[2]);
    if (!min || !max || *min > *max) return bad();
    out.length_range = {*min, *max};
    return {};
  }
  if (op != "eq" && op != "starts-with") return bad();
  if (!a[1].is_string() || !a[2].is_string()) return bad();
  std::string_view name = a[1].as_string();
  if (name.size() < 2 || name.front() != '$') return bad();
  out.conditions.push_back({op, std::string(name.substr(1)), std::string(a[2].as_string())});
  return {};
}

core::Result<Policy> parse_policy(std::string_view policy_b64) {
  auto decoded = crypto::base64_decode(policy_b64);
  if (!decoded) {
    return invalid_policy("Invalid JSON.", "The policy form field is not valid base64.");
  }
  boost::system::error_code ec;
  json::value doc = json::parse(*decoded, ec);
  if (ec || !doc.is_object()) {
    return invalid_policy("Invalid JSON.",
                          "The policy form field decodes to text that is not a JSON object: " +
                              decoded->substr(0, 200));
  }
  const json::object& o = doc.as_object();
  const json::value* exp = o.if_contains("expiration");
  if (!exp) {
    return invalid_policy("Policy missing expiration.",
                          "The policy has no \"expiration\" (an ISO 8601 time such as "
                          "\"2013-05-24T01:00:00Z\").");
  }
  std::optional<core::TimePoint> when;
  if (exp->is_string()) when = core::parse_iso8601(exp->as_string());
  if (!when) {
    std::string text = json::serialize(*exp);
    return invalid_policy("Invalid 'expiration' value: " + text,
                          "The policy's expiration " + text +
                              " is not an ISO 8601 time such as \"2013-05-24T01:00:00Z\".");
  }
  Policy policy;
  policy.expiration = *when;
  const json::value* conditions = o.if_contains("conditions");
  if (!conditions || !conditions->is_array()) {
    return invalid_policy("Policy missing conditions.", "The policy has no \"conditions\" array.");
  }
  for (const json::value& c : conditions->as_array()) {
    auto r = parse_condition(c, policy);
    if (!r) return r.error();
  }
  return policy;
}

// S3 answers a form that lacks a field its signature scheme needs with 400 InvalidArgument
// naming the field (not 403: nothing was checked yet).
S3Error missing_signature_field(std::string_view name, std::string_view scheme) {
  return S3Error(ErrorCode::kInvalidArgument,
                 "Bucket POST must contain a field named '" + std::string(name) +
                     "'.  If it is specified, please check the order of the fields.")
      .with("ArgumentName", std::string(name))
      .with("ArgumentValue", "")
      .because("The form has a policy signed with " + std::string(scheme) + " but no '" +
               std::string(name) + "' field.");
}

S3Error credential_error(std::string detail, std::string why) {
  return S3Error(ErrorCode::kAuthorizationQueryParametersError,
                 "Error parsing the X-Amz-Credential parameter; " + std::move(detail))
      .because(std::move(why));
}

S3Error unknown_key(std::string_view access_key) {
  return invalid_access_key(access_key)
      .because("The form is signed with access key '" + std::string(access_key) +
               "', which this server does not know. Sign with a configured access key.");
}

// Returns the access key that signed the policy.
core::Result<std::string> verify_signature(const std::vector<PostField>& fields,
                                           std::string_view policy_b64,
                                           const AuthOptions& options) {
  const PostField* v4_sig = find_field(fields, "x-amz-signature");
  const PostField* algorithm = find_field(fields, "x-amz-algorithm");
  const PostField* credential = find_field(fields, "x-amz-credential");
  if (v4_sig || algorithm || credential) {
    if (!algorithm) return missing_signature_field("x-amz-algorithm", "SigV4");
    if (!credential) return missing_signature_field("x-amz-credential", "SigV4");
    const PostField* date = find_field(fields, "x-amz-date");
    if (!date) return missing_signature_field("x-amz-date", "SigV4");
    if (!v4_sig) return missing_signature_field("x-amz-signature", "SigV4");
    if (algorithm->value != "AWS4-HMAC-SHA256") {
      return S3Error(ErrorCode::kInvalidArgument, "Unsupported algorithm")
          .with("ArgumentName", "x-amz-algorithm")
          .with("ArgumentValue", algorithm->value)
          .because("The form's x-amz-algorithm is '" + algorithm->value +
                   "'; S3 POST policies use 'AWS4-HMAC-SHA256'.");
    }
    auto c = split_credential(credential->value);
    if (!c || c->service != "s3" || c->terminator != "aws4_request") {
      return credential_error(
          "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/"
          "aws4_request\".",
          "The form's x-amz-credential '" + credential->value +
              "' is not AK/YYYYMMDD/region/s3/aws4_request.");
    }
    if (!options.any_region && c->region != options.region) {
      S3Error e = credential_error(
          "the region '" + c->region + "' is wrong; expecting '" + options.region + "'",
          "The form was signed for region '" + c->region +
              "' but this server is configured "
              "for region '" +
              options.region + "'. Sign with region '" + options.region +
              "', or start s3sandbox with that region or with any region allowed.");
      e.fields.emplace_back("Region", options.region);
      return e;
    }
    if (!core::parse_amz_date(date->value) || date->value.substr(0, 8) != c->date) {
      return credential_error("Invalid credential date. Date is not the same as X-Amz-Date.",
                              "The credential's date '" + c->date +
                                  "' is not the day of the form's x-amz-date '" + date->value +
                                  "' (expected YYYYMMDDTHHMMSSZ on the same day).");
    }
    const Credential* cred = options.credentials.find(c->access_key);
    if (!cred) return unknown_key(c->access_key);
    std::string key = derive_signing_key(cred->secret_key, c->date, c->region, "s3");
    std::string expected = sign_v4_policy(key, policy_b64);
    if (!crypto::constant_time_equal(expected, lower(v4_sig->value))) {
      return sigv2_mismatch(c->access_key, policy_b64, v4_sig->value)
          .because(
              "The form's x-amz-signature does not match the HMAC-SHA256 of the policy "
              "field under the signing key of '" +
              credential->value +
              "'. Either the policy was changed after signing or the secret key differs.");
    }
    return c->access_key;
  }
  const PostField* v2_sig = find_field(fields, "signature");
  const PostField* access_key = find_field(fields, "AWSAccessKeyId");
  if (!v2_sig && !access_key) {
    return S3Error(ErrorCode::kInvalidArgument,
                   "Bucket POST must contain a field named 'AWSAccessKeyId'.  If it is "
                   "specified, please check the order of the fields.")
        .with("ArgumentName", "AWSAccessKeyId")
        .with("ArgumentValue", "")
        .because(
            "The form has a policy but no signature: send either x-amz-algorithm, "
            "x-amz-credential, x-amz-date and x-amz-signature (SigV4) or AWSAccessKeyId "
            "and signature (SigV2).");
  }
  if (!access_key) return missing_signature_field("AWSAccessKeyId", "SigV2");
  if (!v2_sig) return missing_signature_field("signature", "SigV2");
  const Credential* cred = options.credentials.find(access_key->value);
  if (!cred) return unknown_key(access_key->value);
  std::string expected = sign_v2_policy(cred->secret_key, policy_b64);
  if (!crypto::constant_time_equal(expected, v2_sig->value)) {
    return sigv2_mismatch(access_key->value, policy_b64, v2_sig->value)
        .because(
            "The form's signature does not match the HMAC-SHA1 of the policy field under "
            "the secret of '" +
            access_key->value +
            "'. Either the policy was changed after signing or the secret key differs.");
  }
  return access_key->value;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Content-Type may list several types; each must start with the prefix.
bool content_types_start_with(std::string_view value, std::string_view prefix) {
  while (true) {
    auto comma = value.find(',');
    std::string_view part = value.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (!starts_with(part, prefix)) return false;
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

core::Result<void> check_condition(const Condition& c, const std::vector<PostField>& fields,
                                   std::string_view bucket, std::string_view key) {
  std::string name = lower(c.name);
  std::optional<std::string_view> value;
  if (name == "bucket") {
    value = bucket;
  } else if (name == "key") {
    value = key;
  } else if (const PostField* f = find_field(fields, c.name)) {
    value = f->value;
  }
  bool ok;
  std::string wanted;
  if (c.op == "eq") {
    ok = value && *value == c.value;
    wanted = "to be '" + c.value + "'";
  } else {
    // starts-with "" allows any content, including none (S3 docs: "use starts-with with an
    // empty value" to allow anything).
    ok = c.value.empty() ||
         (value && (name == "content-type" ? content_types_start_with(*value, c.value)
                                           : starts_with(*value, c.value)));
    wanted = "to start with '" + c.value + "'";
  }
  if (ok) return {};
  std::string sent = value ? "'" + std::string(*value) + "'" : "no such field";
  std::string what = name == "bucket" ? "the upload went to bucket " + sent
                     : name == "key"  ? "the object key is " + sent
                     : value          ? "the form sent " + sent
                                      : "the form has no " + c.name + " field";
  return policy_denied("Policy Condition failed: " + render(c),
                       "The policy requires " + c.name + " " + wanted + " but " + what + ".");
}

bool exempt(const std::string& lower_name) {
  return lower_name == "x-amz-signature" || lower_name == "signature" ||
         lower_name == "awsaccesskeyid" || lower_name == "policy" || lower_name == "file" ||
         starts_with(lower_name, "x-ignore-");
}

}  // namespace

core::Result<PostPolicyResult> verify_post_policy(const std::vector<PostField>& fields,
                                                  std::string_view bucket, std::string_view key,
                                                  const AuthOptions& options, core::TimePoint now) {
  const PostField* policy_field = find_field(fields, "policy");
  if (!policy_field) {
    return S3Error(ErrorCode::kAccessDenied)
        .because(
            "The form has no policy field, so the upload is anonymous; s3sandbox has no "
            "public buckets. Use a signed form (e.g. boto3 generate_presigned_post).");
  }
  auto policy = parse_policy(policy_field->value);
  if (!policy) return policy.error();
  auto access_key = verify_signature(fields, policy_field->value, options);
  if (!access_key) return access_key.error();

  if (now >= policy->expiration) {
    return policy_denied("Policy expired.", "The policy expired at " +
                                                iso_seconds(policy->expiration) +
                                                "; the server time is " + iso_seconds(now) + ".");
  }
  std::set<std::string> covered;
  for (const Condition& c : policy->conditions) {
    auto r = check_condition(c, fields, bucket, key);
    if (!r) return r.error();
    covered.insert(lower(c.name));
  }
  std::string extra;
  for (const PostField& f : fields) {
    std::string name = lower(f.name);
    if (exempt(name) || covered.count(name)) continue;
    if (!extra.empty()) extra += ", ";
    extra += name;
  }
  if (!extra.empty()) {
    return policy_denied("Extra input fields: " + extra,
                         "The form has fields that no policy condition covers: " + extra +
                             ". Add a condition for each (e.g. [\"starts-with\", \"$" +
                             extra.substr(0, extra.find(',')) +
                             "\", \"\"]) or prefix the field name with x-ignore-.");
  }
  PostPolicyResult result;
  result.access_key = std::move(*access_key);
  if (policy->length_range) {
    result.min_length = policy->length_range->first;
    result.max_length = policy->length_range->second;
  }
  return result;
}

}  // namespace s3sandbox::auth
