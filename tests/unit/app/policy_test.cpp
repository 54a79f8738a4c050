// Bucket policy engine (app/policy_document, app/policy_evaluate): S3's validation at Put time,
// and evaluation as a table: principal x action x resource x condition -> verdict, with the AWS
// documentation's examples ("Examples of Amazon S3 bucket policies").
#include <gtest/gtest.h>

#include <map>

#include "app/policy_document.hpp"
#include "app/policy_evaluate.hpp"
#include "s3sandbox/core/access_errors.hpp"

namespace s3sandbox::app {
namespace {

constexpr const char* kAlice = "111111111111";  // account ids
constexpr const char* kBob = "222222222222";

BucketPolicy parse(const std::string& json) {
  auto p = parse_bucket_policy(json, "media");
  EXPECT_TRUE(p) << (p ? "" : p.error().message + ": " + p.error().diagnosis);
  return p ? *p : BucketPolicy{};
}

struct Case {
  const char* name;
  const char* policy;
  const char* action;
  const char* resource;
  const char* account;  // "" = anonymous
  std::map<std::string, std::string> context;
  PolicyEffect expected;
};

std::string doc(const std::string& statements) {
  return R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
}

const std::string kPublicRead = doc(
    R"({"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":["arn:aws:s3:::media/public/*"]})");
const std::string kAccountRoot = doc(
    R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:*","Resource":["arn:aws:s3:::media","arn:aws:s3:::media/*"]})");
const std::string kDenyHttp = doc(
    R"({"Sid":"Tls","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::media","arn:aws:s3:::media/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},)"
    R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"})");
const std::string kSourceIp = doc(
    R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"},"NotIpAddress":{"aws:SourceIp":"192.0.2.188/32"}}})");
const std::string kPrefix = doc(
    R"({"Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::media","Condition":{"StringLike":{"s3:prefix":["home/bob/*",""]}}})");
const std::string kNotAction = doc(
    R"({"Effect":"Deny","Principal":"*","NotAction":"s3:Get*","Resource":"arn:aws:s3:::media/*"},)"
    R"({"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::media/*"})");
const std::string kTime = doc(
    R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*","Condition":{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}})");
const std::string kTag = doc(
    R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*","Condition":{"StringEquals":{"s3:ExistingObjectTag/visibility":"public"}}})");
const std::string kReferer = doc(
    R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*","Condition":{"StringLike":{"aws:Referer":["https://www.example.com/*"]}}})");
const std::string kAcl = doc(
    R"({"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::media/*","Condition":{"StringNotEquals":{"s3:x-amz-acl":"bucket-owner-full-control"}}})");
const std::string kNotResource = doc(
    R"({"Effect":"Deny","Principal":{"AWS":"111111111111"},"Action":"s3:GetObject","NotResource":"arn:aws:s3:::media/mine/*"})");

const Case kCases[] = {
    {"public prefix, anonymous, inside",
     kPublicRead.c_str(),
     "s3:GetObject",
     "media/public/a.jpg",
     "",
     {},
     PolicyEffect::kAllow},
    {"public prefix, anonymous, outside",
     kPublicRead.c_str(),
     "s3:GetObject",
     "media/private/a.jpg",
     "",
     {},
     PolicyEffect::kNone},
    {"public prefix, wrong action",
     kPublicRead.c_str(),
     "s3:PutObject",
     "media/public/a.jpg",
     "",
     {},
     PolicyEffect::kNone},
    {"public prefix, signed",
     kPublicRead.c_str(),
     "s3:GetObject",
     "media/public/x",
     kAlice,
     {},
     PolicyEffect::kAllow},
    {"account root, that account",
     kAccountRoot.c_str(),
     "s3:ListBucket",
     "media",
     kBob,
     {},
     PolicyEffect::kAllow},
    {"account root, other account",
     kAccountRoot.c_str(),
     "s3:ListBucket",
     "media",
     kAlice,
     {},
     PolicyEffect::kNone},
    {"account root, anonymous",
     kAccountRoot.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {},
     PolicyEffect::kNone},
    {"deny http wins",
     kDenyHttp.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:securetransport", "false"}},
     PolicyEffect::kDeny},
    {"https allowed",
     kDenyHttp.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:securetransport", "true"}},
     PolicyEffect::kAllow},
    {"source ip inside",
     kSourceIp.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:sourceip", "192.0.2.7"}},
     PolicyEffect::kAllow},
    {"source ip excluded",
     kSourceIp.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:sourceip", "192.0.2.188"}},
     PolicyEffect::kNone},
    {"source ip outside",
     kSourceIp.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:sourceip", "127.0.0.1"}},
     PolicyEffect::kNone},
    {"prefix match",
     kPrefix.c_str(),
     "s3:ListBucket",
     "media",
     kBob,
     {{"s3:prefix", "home/bob/x"}},
     PolicyEffect::kAllow},
    {"prefix empty",
     kPrefix.c_str(),
     "s3:ListBucket",
     "media",
     kBob,
     {{"s3:prefix", ""}},
     PolicyEffect::kAllow},
    {"prefix other",
     kPrefix.c_str(),
     "s3:ListBucket",
     "media",
     kBob,
     {{"s3:prefix", "home/alice/"}},
     PolicyEffect::kNone},
    {"prefix absent", kPrefix.c_str(), "s3:ListBucket", "media", kBob, {}, PolicyEffect::kNone},
    {"not action deny", kNotAction.c_str(), "s3:PutObject", "media/k", "", {}, PolicyEffect::kDeny},
    {"not action get allowed",
     kNotAction.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {},
     PolicyEffect::kAllow},
    {"current time before",
     kTime.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:currenttime", "2026-12-02T14:00:00.000Z"}},
     PolicyEffect::kAllow},
    {"current time after",
     kTime.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:currenttime", "2031-01-01T00:00:00.000Z"}},
     PolicyEffect::kNone},
    {"tag matches",
     kTag.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"s3:existingobjecttag/visibility", "public"}},
     PolicyEffect::kAllow},
    {"tag differs",
     kTag.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"s3:existingobjecttag/visibility", "private"}},
     PolicyEffect::kNone},
    {"tag absent", kTag.c_str(), "s3:GetObject", "media/k", "", {}, PolicyEffect::kNone},
    {"referer ok",
     kReferer.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:referer", "https://www.example.com/page"}},
     PolicyEffect::kAllow},
    {"referer other",
     kReferer.c_str(),
     "s3:GetObject",
     "media/k",
     "",
     {{"aws:referer", "https://evil.example/"}},
     PolicyEffect::kNone},
    {"acl required, missing",
     kAcl.c_str(),
     "s3:PutObject",
     "media/k",
     kBob,
     {},
     PolicyEffect::kDeny},
    {"acl required, given",
     kAcl.c_str(),
     "s3:PutObject",
     "media/k",
     kBob,
     {{"s3:x-amz-acl", "bucket-owner-full-control"}},
     PolicyEffect::kNone},
    {"not resource, outside mine",
     kNotResource.c_str(),
     "s3:GetObject",
     "media/theirs/k",
     kAlice,
     {},
     PolicyEffect::kDeny},
    {"not resource, mine",
     kNotResource.c_str(),
     "s3:GetObject",
     "media/mine/k",
     kAlice,
     {},
     PolicyEffect::kNone},
};

class PolicyTable : public ::testing::TestWithParam<Case> {};

TEST_P(PolicyTable, Verdict) {
  const Case& c = GetParam();
  BucketPolicy policy = parse(c.policy);
  PolicyRequest r;
  r.action = c.action;
  r.resource = std::string("arn:aws:s3:::") + c.resource;
  r.anonymous = std::string(c.account).empty();
  r.account_id = c.account;
  r.value = [&](std::string_view key) -> std::optional<std::string> {
    auto it = c.context.find(std::string(key));
    if (it == c.context.end()) return std::nullopt;
    return it->second;
  };
  EXPECT_EQ(static_cast<int>(evaluate_policy(policy, r).effect), static_cast<int>(c.expected))
      << c.name;
}

INSTANTIATE_TEST_SUITE_P(Examples, PolicyTable, ::testing::ValuesIn(kCases));

TEST(PolicyEvaluate, ActionsMatchCaseInsensitively) {
  BucketPolicy p = parse(doc(
      R"({"Effect":"Allow","Principal":"*","Action":"S3:getobject","Resource":"arn:aws:s3:::media/*"})"));
  PolicyRequest r;
  r.action = "s3:GetObject";
  r.resource = "arn:aws:s3:::media/k";
  r.anonymous = true;
  EXPECT_EQ(evaluate_policy(p, r).effect, PolicyEffect::kAllow);
}

TEST(PolicyEvaluate, DenyNamesItsStatement) {
  BucketPolicy p = parse(kDenyHttp);
  PolicyRequest r;
  r.action = "s3:GetObject";
  r.resource = "arn:aws:s3:::media/k";
  r.anonymous = true;
  r.value = [](std::string_view) { return std::optional<std::string>("false"); };
  PolicyVerdict v = evaluate_policy(p, r);
  EXPECT_EQ(v.effect, PolicyEffect::kDeny);
  EXPECT_EQ(v.sid, "Tls");
}

struct Invalid {
  std::string policy;
  std::string message;
};

TEST(PolicyDocument, ValidationMessages) {
  const Invalid cases[] = {
      {"not json", "Policies must be valid JSON and the first byte must be '{'"},
      {R"({"Version":"2012-10-17"})", "Missing required field Statement"},
      {doc(R"({"Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"})"),
       "Missing required field Effect"},
      {doc(R"({"Effect":"Maybe","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"})"),
       "Invalid effect: \"Maybe\""},
      {doc(R"({"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"})"),
       "Missing required field Principal"},
      {doc(R"({"Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::media/*"})"),
       "Missing required field Action"},
      {doc(R"({"Effect":"Allow","Principal":"*","Action":"s3:Fly","Resource":"arn:aws:s3:::media/*"})"),
       "Policy has invalid action"},
      {doc(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"})"),
       "Policy has invalid resource"},
      {doc(R"({"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::12:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"})"),
       "Invalid principal in policy"},
      {doc(R"({"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"})"),
       "Invalid principal in policy"},
      {doc(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}})"),
       "Policy has an invalid condition key"},
      {doc(R"({"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*","Condition":{"StringSorta":{"s3:prefix":"x"}}})"),
       "Invalid Condition type : StringSorta"},
      {R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"}]})",
       "Unknown field NotPrincipal"},
  };
  for (const Invalid& c : cases) {
    auto p = parse_bucket_policy(c.policy, "media");
    ASSERT_FALSE(p) << c.policy;
    EXPECT_EQ(p.error().code, core::kMalformedPolicy) << c.policy;
    EXPECT_EQ(p.error().message, c.message) << c.policy;
    EXPECT_FALSE(p.error().diagnosis.empty() && c.message.find("Missing") == std::string::npos)
        << c.policy;
  }
}

TEST(PolicyDocument, PublicOrNot) {
  EXPECT_TRUE(policy_is_public(parse(kPublicRead)));
  EXPECT_FALSE(policy_is_public(parse(kAccountRoot)));
  EXPECT_FALSE(policy_is_public(parse(kSourceIp)));
  EXPECT_FALSE(policy_is_public(parse(kAcl)));  // a Deny opens nothing
}

TEST(PolicyDocument, WildcardMatch) {
  EXPECT_TRUE(wildcard_match("s3:get*", "s3:getobject", true));
  EXPECT_TRUE(wildcard_match("arn:aws:s3:::media/*/x?y", "arn:aws:s3:::media/a/b/xzy", false));
  EXPECT_FALSE(wildcard_match("arn:aws:s3:::media/*", "arn:aws:s3:::media", false));
  EXPECT_FALSE(wildcard_match("A*", "abc", false));
  EXPECT_TRUE(wildcard_match("*", "", false));
}

}  // namespace
}  // namespace s3sandbox::app
