// CORS rule evaluation as S3 does it: wildcard origins (case-sensitive) and headers
// (case-insensitive), the first matching rule, the headers of preflight and actual responses in
// S3's order, the permissive mode's answers, and the plain-words explanation of a refusal.
#include "app/cors_rules.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::app {
namespace {

using storage::CorsRule;

const std::string kVary(kCorsVary);

CorsRule rule(std::vector<std::string> origins, std::vector<std::string> methods,
              std::vector<std::string> headers = {}, std::string id = "") {
  CorsRule r;
  r.id = std::move(id);
  r.allowed_origins = std::move(origins);
  r.allowed_methods = std::move(methods);
  r.allowed_headers = std::move(headers);
  return r;
}

std::vector<std::pair<std::string, std::string>> pairs(const std::vector<core::Header>& hs) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const core::Header& h : hs) out.emplace_back(h.name, h.value);
  return out;
}

std::optional<std::size_t> match(const std::vector<CorsRule>& rules, std::string origin,
                                 std::string method, std::vector<std::string> headers = {}) {
  return first_matching_rule(rules, {std::move(origin), std::move(method), std::move(headers)},
                             true);
}

// --- wildcard matching -------------------------------------------------------------------------

TEST(CorsWildcardTest, StarAloneMatchesAnything) {
  EXPECT_TRUE(cors_wildcard_match("*", "https://example.com"));
  EXPECT_TRUE(cors_wildcard_match("*", ""));
}

TEST(CorsWildcardTest, ExactPatternMatchesOnlyItself) {
  EXPECT_TRUE(cors_wildcard_match("https://example.com", "https://example.com"));
  EXPECT_FALSE(cors_wildcard_match("https://example.com", "http://example.com"));
  EXPECT_FALSE(cors_wildcard_match("https://example.com", "https://example.com:8443"));
  EXPECT_FALSE(cors_wildcard_match("https://example.com", "https://example.com.evil"));
}

TEST(CorsWildcardTest, SubdomainWildcard) {
  EXPECT_TRUE(cors_wildcard_match("https://*.example.com", "https://a.b.example.com"));
  EXPECT_FALSE(cors_wildcard_match("https://*.example.com", "https://example.com"));
  EXPECT_FALSE(cors_wildcard_match("https://*.example.com", "https://www.example.com.test"));
}

TEST(CorsWildcardTest, PortWildcard) {
  EXPECT_TRUE(cors_wildcard_match("http://localhost:*", "http://localhost:5173"));
  EXPECT_FALSE(cors_wildcard_match("http://localhost:*", "http://localhost"));
}

TEST(CorsWildcardTest, PrefixAndSuffixDoNotOverlap) {
  EXPECT_TRUE(cors_wildcard_match("a*a", "aa"));
  EXPECT_FALSE(cors_wildcard_match("a*a", "a"));
  EXPECT_FALSE(cors_wildcard_match("ab*ba", "aba"));
}

TEST(CorsWildcardTest, ComparisonIsCaseSensitive) {
  EXPECT_FALSE(cors_wildcard_match("https://example.com", "https://EXAMPLE.com"));
  EXPECT_TRUE(cors_wildcard_match("https://*.example.com", "https://WWW.example.com"));
}

// --- Access-Control-Request-Headers ------------------------------------------------------------

TEST(CorsRequestHeadersTest, SplitsTrimsAndLowerCases) {
  EXPECT_EQ(split_request_headers("Content-Type,X-Amz-Date ,  x-amz-meta-Name"),
            (std::vector<std::string>{"content-type", "x-amz-date", "x-amz-meta-name"}));
}

TEST(CorsRequestHeadersTest, DropsEmptyNames) {
  EXPECT_TRUE(split_request_headers(" , ,").empty());
  EXPECT_TRUE(split_request_headers("").empty());
}

// --- rule selection --------------------------------------------------------------------------

TEST(CorsMatchTest, OriginMethodAndHeadersMustMatchInOneRule) {
  std::vector<CorsRule> rules{rule({"https://a.com"}, {"PUT"}), rule({"https://b.com"}, {"GET"}),
                              rule({"https://c.com"}, {"GET"}, {"*"})};
  EXPECT_FALSE(match(rules, "https://a.com", "GET"));
  EXPECT_FALSE(match(rules, "https://b.com", "GET", {"x-amz-date"}));
}

TEST(CorsMatchTest, FirstMatchingRuleWins) {
  std::vector<CorsRule> rules{rule({"*"}, {"GET"}), rule({"https://a.com"}, {"GET"})};
  EXPECT_EQ(match(rules, "https://a.com", "GET"), 0u);
}

TEST(CorsMatchTest, LaterRuleWhenMethodNotInFirst) {
  std::vector<CorsRule> rules{rule({"https://a.com"}, {"GET"}), rule({"*"}, {"PUT"})};
  EXPECT_EQ(match(rules, "https://a.com", "PUT"), 1u);
}

TEST(CorsMatchTest, MethodIsCaseSensitive) {
  std::vector<CorsRule> rules{rule({"*"}, {"GET"})};
  EXPECT_FALSE(match(rules, "https://a.com", "get"));
}

TEST(CorsMatchTest, HeadersMatchCaseInsensitivelyWithWildcards) {
  std::vector<CorsRule> rules{rule({"*"}, {"PUT"}, {"Content-Type", "X-Amz-*"})};
  EXPECT_EQ(match(rules, "https://a.com", "PUT", {"content-type", "x-amz-date"}), 0u);
}

TEST(CorsMatchTest, EveryRequestedHeaderMustBeAllowed) {
  std::vector<CorsRule> rules{rule({"*"}, {"PUT"}, {"content-type"})};
  EXPECT_FALSE(match(rules, "https://a.com", "PUT", {"content-type", "authorization"}));
}

TEST(CorsMatchTest, RuleWithoutAllowedHeaderRefusesRequestedHeaders) {
  std::vector<CorsRule> rules{rule({"*"}, {"PUT"})};
  EXPECT_FALSE(match(rules, "https://a.com", "PUT", {"content-type"}));
  EXPECT_EQ(match(rules, "https://a.com", "PUT"), 0u);
}

TEST(CorsMatchTest, ActualRequestsIgnoreAllowedHeader) {
  std::vector<CorsRule> rules{rule({"*"}, {"PUT"})};
  EXPECT_EQ(first_matching_rule(rules, {"https://a.com", "PUT", {"content-type"}}, false), 0u);
}

TEST(CorsMatchTest, NoRuleNoMatch) { EXPECT_FALSE(match({}, "https://a.com", "GET")); }

// --- response headers ------------------------------------------------------------------------

TEST(CorsHeadersTest, PreflightForExactOriginEchoesItWithCredentials) {
  CorsRule r = rule({"https://a.com"}, {"GET", "PUT"}, {"*"});
  r.expose_headers = {"ETag", "x-amz-request-id"};
  r.max_age_seconds = 3000;
  auto hs = preflight_headers(r, {"https://a.com", "PUT", {"content-type", "x-amz-date"}});
  EXPECT_EQ(pairs(hs), (std::vector<std::pair<std::string, std::string>>{
                           {"Access-Control-Allow-Origin", "https://a.com"},
                           {"Access-Control-Allow-Methods", "GET, PUT"},
                           {"Access-Control-Allow-Headers", "content-type, x-amz-date"},
                           {"Access-Control-Expose-Headers", "ETag, x-amz-request-id"},
                           {"Access-Control-Max-Age", "3000"},
                           {"Access-Control-Allow-Credentials", "true"},
                           {"Vary", kVary}}));
}

TEST(CorsHeadersTest, LiteralStarOriginAnswersStarWithoutCredentials) {
  auto hs = preflight_headers(rule({"https://a.com", "*"}, {"GET"}), {"https://a.com", "GET", {}});
  EXPECT_EQ(pairs(hs), (std::vector<std::pair<std::string, std::string>>{
                           {"Access-Control-Allow-Origin", "*"},
                           {"Access-Control-Allow-Methods", "GET"},
                           {"Vary", kVary}}));
}

TEST(CorsHeadersTest, WildcardPatternEchoesTheOrigin) {
  auto hs = actual_headers(rule({"https://*.a.com"}, {"GET"}), "https://x.a.com");
  EXPECT_EQ(pairs(hs), (std::vector<std::pair<std::string, std::string>>{
                           {"Access-Control-Allow-Origin", "https://x.a.com"},
                           {"Access-Control-Allow-Methods", "GET"},
                           {"Access-Control-Allow-Credentials", "true"},
                           {"Vary", kVary}}));
}

TEST(CorsHeadersTest, MaxAgeZeroIsSent) {
  CorsRule r = rule({"*"}, {"GET"});
  r.max_age_seconds = 0;
  auto hs = actual_headers(r, "https://a.com");
  EXPECT_EQ(hs[2].name, "Access-Control-Max-Age");
  EXPECT_EQ(hs[2].value, "0");
}

TEST(CorsHeadersTest, PermissivePreflightAllowsWhatWasAsked) {
  auto hs = permissive_preflight_headers({"http://localhost:5173", "PUT", {"content-type"}});
  ASSERT_EQ(hs.size(), 7u);
  EXPECT_EQ(hs[0].value, "http://localhost:5173");
  EXPECT_EQ(hs[1].value, "PUT");
  EXPECT_EQ(hs[2].name, "Access-Control-Allow-Headers");
  EXPECT_EQ(hs[2].value, "content-type");
  EXPECT_EQ(hs[3].name, "Access-Control-Expose-Headers");
  EXPECT_NE(hs[3].value.find("ETag"), std::string::npos);
  EXPECT_NE(hs[3].value.find("x-amz-checksum-crc64nvme"), std::string::npos);
  EXPECT_EQ(hs[4].value, "3600");
  EXPECT_EQ(hs[5].name, "Access-Control-Allow-Credentials");
}

TEST(CorsHeadersTest, PermissiveActualExposesSandboxHeaders) {
  auto hs = permissive_actual_headers("http://localhost:5173");
  ASSERT_EQ(hs.size(), 4u);
  EXPECT_EQ(hs[0].value, "http://localhost:5173");
  EXPECT_NE(hs[1].value.find("x-s3sandbox-diagnosis"), std::string::npos);
  EXPECT_NE(hs[1].value.find("x-amz-version-id"), std::string::npos);
}

// --- explanation of a refusal ----------------------------------------------------------------

TEST(CorsExplainTest, NamesTheMethodWhenOnlyItDiffers) {
  std::vector<CorsRule> rules{rule({"https://b.com"}, {"PUT"}),
                              rule({"https://a.com"}, {"GET", "HEAD"}, {}, "reads")};
  std::string why = explain_cors_refusal(rules, {"https://a.com", "PUT", {}});
  EXPECT_NE(why.find("rule 2 (ID 'reads')"), std::string::npos) << why;
  EXPECT_NE(why.find("method PUT"), std::string::npos) << why;
  EXPECT_EQ(why.find("origin"), std::string::npos) << why;
}

TEST(CorsExplainTest, NamesTheRefusedHeader) {
  std::vector<CorsRule> rules{rule({"*"}, {"PUT"}, {"content-type"})};
  std::string why = explain_cors_refusal(rules, {"https://a.com", "PUT", {"x-amz-date"}});
  EXPECT_NE(why.find("header 'x-amz-date'"), std::string::npos) << why;
}

TEST(CorsExplainTest, NamesTheOriginAndCaseSensitivity) {
  std::vector<CorsRule> rules{rule({"https://example.com"}, {"GET"})};
  std::string why = explain_cors_refusal(rules, {"https://EXAMPLE.com", "GET", {}});
  EXPECT_NE(why.find("origin 'https://EXAMPLE.com'"), std::string::npos) << why;
  EXPECT_NE(why.find("case-sensitively"), std::string::npos) << why;
}

}  // namespace
}  // namespace s3sandbox::app
