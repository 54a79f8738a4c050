// verify_post_policy: the botocore generate_presigned_post forms from tests/data/s3-botocore.jsonl
// (signed at 2013-05-24T00:00:00Z, expiring at 01:00:00Z) and hand-built forms signed here,
// one behaviour per test. Expected codes and messages are S3's for POST Object.
#include "s3sandbox/auth/post_policy.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "s3sandbox/auth/policy_signature.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

namespace json = boost::json;
using core::ErrorCode;

constexpr std::string_view kAk = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kSk = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kCredential = "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";

core::TimePoint at(std::string_view iso) { return *core::parse_iso8601(iso); }
const core::TimePoint kSigned = at("2013-05-24T00:00:00Z");

AuthOptions options() {
  AuthOptions o;
  o.credentials.add({std::string(kAk), std::string(kSk)});
  return o;
}

// The botocore case with auth == `auth`, as form fields in file order.
std::vector<PostField> botocore_form(std::string_view auth) {
  std::ifstream in(std::string(S3SANDBOX_TEST_DATA) + "/s3-botocore.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json::object o = json::parse(line).as_object();
    if (o.at("auth").as_string() != auth) continue;
    std::vector<PostField> out;
    for (const auto& [k, v] : o.at("fields").as_object()) {
      out.push_back({std::string(k), std::string(v.as_string())});
    }
    return out;
  }
  ADD_FAILURE() << "no " << auth << " case in s3-botocore.jsonl";
  return {};
}

// A SigV4 form for `conditions` (a JSON array body), plus `extra` fields, signed with kSk.
// The signature fields are covered by conditions, as botocore does.
std::vector<PostField> v4_form(const std::string& conditions, std::vector<PostField> extra = {},
                               std::string_view expiration = "2013-05-24T01:00:00Z") {
  std::string policy_json =
      "{\"expiration\": \"" + std::string(expiration) + "\", \"conditions\": [" + conditions +
      (conditions.empty() ? "" : ", ") +
      "{\"x-amz-algorithm\": \"AWS4-HMAC-SHA256\"}, "
      "{\"x-amz-credential\": \"" +
      std::string(kCredential) + "\"}, {\"x-amz-date\": \"20130524T000000Z\"}]}";
  std::string policy = crypto::base64_encode(policy_json);
  std::string key = derive_signing_key(kSk, "20130524", "us-east-1", "s3");
  std::vector<PostField> out = std::move(extra);
  out.push_back({"x-amz-algorithm", "AWS4-HMAC-SHA256"});
  out.push_back({"x-amz-credential", std::string(kCredential)});
  out.push_back({"x-amz-date", "20130524T000000Z"});
  out.push_back({"policy", policy});
  out.push_back({"x-amz-signature", sign_v4_policy(key, policy)});
  return out;
}

core::Result<PostPolicyResult> verify(const std::vector<PostField>& form,
                                      std::string_view key = "uploads/a.jpg",
                                      core::TimePoint now = kSigned) {
  return verify_post_policy(form, "media", key, options(), now);
}

void set_field(std::vector<PostField>& form, std::string_view name, const std::string& value) {
  for (PostField& f : form) {
    if (f.name == name) f.value = value;
  }
}

TEST(PostPolicy, BotocoreSigV4FormVerifies) {
  auto r = verify(botocore_form("post-s3v4"));
  ASSERT_TRUE(r) << r.error().diagnosis;
  EXPECT_EQ(r->access_key, kAk);
}

TEST(PostPolicy, BotocoreSigV2FormVerifies) {
  auto r = verify(botocore_form("post-s3"));
  ASSERT_TRUE(r) << r.error().diagnosis;
  EXPECT_EQ(r->access_key, kAk);
}

TEST(PostPolicy, ReturnsBotocoreContentLengthRange) {
  auto r = verify(botocore_form("post-s3v4"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->min_length, 1u);
  EXPECT_EQ(r->max_length, 1048576u);
}

TEST(PostPolicy, NoLengthRangeMeansUnbounded) {
  auto r = verify(v4_form(""));
  ASSERT_TRUE(r) << r.error().diagnosis;
  EXPECT_EQ(r->min_length, 0u);
  EXPECT_EQ(r->max_length, UINT64_MAX);
}

TEST(PostPolicy, LengthRangeAcceptsNumericStrings) {
  auto r = verify(v4_form("[\"content-length-range\", \"10\", \"2048\"]"));
  ASSERT_TRUE(r) << r.error().diagnosis;
  EXPECT_EQ(r->min_length, 10u);
  EXPECT_EQ(r->max_length, 2048u);
}

TEST(PostPolicy, AcceptedOneSecondBeforeExpiration) {
  EXPECT_TRUE(verify(botocore_form("post-s3v4"), "uploads/a.jpg", at("2013-05-24T00:59:59Z")));
}

TEST(PostPolicy, RefusedAtExpiration) {
  auto r = verify(botocore_form("post-s3v4"), "uploads/a.jpg", at("2013-05-24T01:00:00Z"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message, "Invalid according to Policy: Policy expired.");
  EXPECT_NE(r.error().diagnosis.find("2013-05-24T01:00:00Z"), std::string::npos);
}

TEST(PostPolicy, EqConditionOnKeyUsesSubstitutedKey) {
  auto form = v4_form("[\"eq\", \"$key\", \"uploads/a.jpg\"]", {{"key", "uploads/${filename}"}});
  EXPECT_TRUE(verify(form, "uploads/a.jpg"));
}

TEST(PostPolicy, EqConditionFailureRendersConditionAsS3Does) {
  auto form = v4_form("[\"eq\", \"$key\", \"uploads/a.jpg\"]", {{"key", "uploads/${filename}"}});
  auto r = verify(form, "uploads/b.jpg");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message,
            "Invalid according to Policy: Policy Condition failed: "
            "[\"eq\", \"$key\", \"uploads/a.jpg\"]");
  EXPECT_NE(r.error().diagnosis.find("uploads/b.jpg"), std::string::npos);
}

TEST(PostPolicy, ExactObjectConditionFailsOnOtherValue) {
  auto form = botocore_form("post-s3v4");
  set_field(form, "acl", "public-read");
  auto r = verify(form);
  ASSERT_FALSE(r);
  EXPECT_EQ(
      r.error().message,
      "Invalid according to Policy: Policy Condition failed: [\"eq\", \"$acl\", \"private\"]");
}

TEST(PostPolicy, ConditionFieldNamesAreCaseInsensitive) {
  auto form = v4_form("{\"ACL\": \"private\"}", {{"acl", "private"}});
  EXPECT_TRUE(verify(form));
}

TEST(PostPolicy, ConditionOnMissingFieldFails) {
  auto r = verify(v4_form("{\"acl\": \"private\"}"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_NE(r.error().diagnosis.find("no acl field"), std::string::npos);
}

TEST(PostPolicy, StartsWithFailureNamesPrefixAndValue) {
  auto form = botocore_form("post-s3v4");
  set_field(form, "Content-Type", "text/plain");
  auto r = verify(form);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "Invalid according to Policy: Policy Condition failed: "
            "[\"starts-with\", \"$Content-Type\", \"image/\"]");
  EXPECT_EQ(r.error().diagnosis,
            "The policy requires Content-Type to start with 'image/' but the form sent "
            "'text/plain'.");
}

TEST(PostPolicy, StartsWithContentTypeChecksEachListedType) {
  auto cond = "[\"starts-with\", \"$Content-Type\", \"image/\"]";
  EXPECT_TRUE(verify(v4_form(cond, {{"Content-Type", "image/jpeg, image/png"}})));
  EXPECT_FALSE(verify(v4_form(cond, {{"Content-Type", "image/jpeg, text/plain"}})));
}

TEST(PostPolicy, StartsWithEmptyPrefixAllowsAnything) {
  auto form = v4_form("[\"starts-with\", \"$x-amz-meta-tag\", \"\"]", {{"x-amz-meta-tag", "zz"}});
  EXPECT_TRUE(verify(form));
}

TEST(PostPolicy, BucketConditionComparesWithUploadBucket) {
  auto form = v4_form("{\"bucket\": \"media\"}");
  EXPECT_TRUE(verify_post_policy(form, "media", "k", options(), kSigned));
  auto r = verify_post_policy(form, "other", "k", options(), kSigned);
  ASSERT_FALSE(r);
  EXPECT_EQ(
      r.error().message,
      "Invalid according to Policy: Policy Condition failed: [\"eq\", \"$bucket\", \"media\"]");
}

TEST(PostPolicy, ExtraFieldIsRefused) {
  auto r = verify(v4_form("", {{"Content-Type", "image/png"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message, "Invalid according to Policy: Extra input fields: content-type");
}

TEST(PostPolicy, XIgnoreFieldNeedsNoCondition) {
  EXPECT_TRUE(verify(v4_form("", {{"x-ignore-tracking", "1"}, {"file", ""}})));
}

TEST(PostPolicy, TamperedPolicyIsSignatureDoesNotMatch) {
  auto form = botocore_form("post-s3v4");
  std::string tampered = crypto::base64_encode(
      "{\"expiration\": \"2013-05-24T01:00:00Z\", \"conditions\": [{\"bucket\": \"media\"}]}");
  set_field(form, "policy", tampered);
  auto r = verify(form);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kSignatureDoesNotMatch);
  ASSERT_GE(r.error().fields.size(), 3u);
  EXPECT_EQ(r.error().fields[0],
            (std::pair<std::string, std::string>{"AWSAccessKeyId", "AKIAIOSFODNN7EXAMPLE"}));
  EXPECT_EQ(r.error().fields[1].first, "StringToSign");
  EXPECT_EQ(r.error().fields[1].second, tampered);
  EXPECT_EQ(r.error().fields[2].first, "SignatureProvided");
}

TEST(PostPolicy, TamperedSigV2SignatureIsRefused) {
  auto form = botocore_form("post-s3");
  set_field(form, "signature", "AAAAGBXbKIYATWTfLW/95snHu+M=");
  auto r = verify(form);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kSignatureDoesNotMatch);
}

TEST(PostPolicy, UnknownAccessKeyIsInvalidAccessKeyId) {
  auto r = verify_post_policy(botocore_form("post-s3"), "media", "uploads/a.jpg", AuthOptions{},
                              kSigned);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidAccessKeyId);
  ASSERT_FALSE(r.error().fields.empty());
  EXPECT_EQ(r.error().fields[0].first, "AWSAccessKeyId");
  EXPECT_EQ(r.error().fields[0].second, kAk);
}

TEST(PostPolicy, WrongRegionIsRefusedUnlessAnyRegion) {
  AuthOptions o = options();
  o.region = "eu-west-1";
  auto r = verify_post_policy(botocore_form("post-s3v4"), "media", "uploads/a.jpg", o, kSigned);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationQueryParametersError);
  o.any_region = true;
  EXPECT_TRUE(verify_post_policy(botocore_form("post-s3v4"), "media", "uploads/a.jpg", o, kSigned));
}

TEST(PostPolicy, CredentialDateMustBeXAmzDateDay) {
  auto form = botocore_form("post-s3v4");
  set_field(form, "x-amz-date", "20130525T000000Z");
  auto r = verify(form);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationQueryParametersError);
}

TEST(PostPolicy, FormWithoutPolicyIsAnonymousAndDenied) {
  auto r = verify({{"key", "uploads/a.jpg"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_FALSE(r.error().diagnosis.empty());
}

TEST(PostPolicy, PolicyWithoutSignatureIsAMissingField) {
  // S3: 400 InvalidArgument "Bucket POST must contain a field named ...", not 403.
  auto r = verify(
      {{"policy",
        crypto::base64_encode("{\"expiration\": \"2013-05-24T01:00:00Z\", \"conditions\": []}")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().info().http_status, 400);
}

TEST(PostPolicy, NonJsonPolicyIsInvalidPolicyDocument) {
  auto r = verify({{"policy", crypto::base64_encode("not json")}, {"AWSAccessKeyId", "x"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidPolicyDocument);
  EXPECT_EQ(r.error().message, "Invalid Policy: Invalid JSON.");
  EXPECT_EQ(r.error().info().http_status, 400);
}

TEST(PostPolicy, PolicyWithoutExpirationIsInvalidPolicyDocument) {
  auto r = verify({{"policy", crypto::base64_encode("{\"conditions\": []}")}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidPolicyDocument);
}

}  // namespace
}  // namespace s3sandbox::auth
