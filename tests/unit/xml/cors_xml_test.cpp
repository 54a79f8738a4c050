// The CORSConfiguration document: PutBucketCors's parser with every MalformedXML and
// InvalidRequest case (S3's messages byte for byte) and GetBucketCors's rendering in S3's
// element order (ID, AllowedMethod, AllowedOrigin, AllowedHeader, MaxAgeSeconds, ExposeHeader).
#include <gtest/gtest.h>

#include <string>

#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {
namespace {

using core::ErrorCode;
using storage::CorsRule;

const std::string kDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const std::string kNs = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
const std::string kOrigin = "<AllowedOrigin>https://example.com</AllowedOrigin>";
const std::string kMethod = "<AllowedMethod>GET</AllowedMethod>";
const std::string kMinimal = kOrigin + kMethod;

std::string config(std::initializer_list<std::string> rules) {
  std::string out = "<CORSConfiguration" + kNs + ">";
  for (const std::string& r : rules) out += "<CORSRule>" + r + "</CORSRule>";
  return out + "</CORSConfiguration>";
}

std::string repeat_rules(std::size_t n) {
  std::string out = "<CORSConfiguration>";
  for (std::size_t i = 0; i < n; ++i) out += "<CORSRule>" + kMinimal + "</CORSRule>";
  return out + "</CORSConfiguration>";
}

ErrorCode code_of(std::string_view body) {
  auto r = parse_cors_configuration(body);
  EXPECT_FALSE(r) << body;
  return r ? ErrorCode::kInternalError : r.error().code;
}

std::string invalid_message(std::string_view body) {
  auto r = parse_cors_configuration(body);
  if (r) return "<accepted>";
  if (r.error().code != ErrorCode::kInvalidRequest) return std::string(r.error().info().code);
  return std::string(r.error().effective_message());
}

// --- accepted documents ---------------------------------------------------------------------

TEST(CorsParseTest, ReadsEveryElementOfEachRule) {
  auto r = parse_cors_configuration(
      kDecl +
      config(
          {"<ID>rule-1</ID><AllowedOrigin>https://example.com</AllowedOrigin>"
           "<AllowedOrigin>https://*.example.org</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
           "<AllowedMethod>PUT</AllowedMethod><AllowedHeader>Authorization</AllowedHeader>"
           "<AllowedHeader>x-amz-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>"
           "<MaxAgeSeconds>3000</MaxAgeSeconds>",
           "<AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod>"}));
  ASSERT_TRUE(r) << r.error().diagnosis;
  ASSERT_EQ(r->size(), 2u);
  CorsRule first{"rule-1",       {"https://example.com", "https://*.example.org"},
                 {"GET", "PUT"}, {"Authorization", "x-amz-*"},
                 {"ETag"},       3000};
  EXPECT_EQ((*r)[0], first);
  CorsRule second{"", {"*"}, {"HEAD"}, {}, {}, std::nullopt};
  EXPECT_EQ((*r)[1], second);
}

TEST(CorsParseTest, AcceptsElementsInAnyOrderWithoutNamespace) {
  auto r = parse_cors_configuration(
      "<CORSConfiguration><CORSRule><MaxAgeSeconds>5</MaxAgeSeconds><AllowedMethod>GET"
      "</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].max_age_seconds, 5);
}

TEST(CorsParseTest, AcceptsNamespacePrefix) {
  auto r = parse_cors_configuration(
      "<s3:CORSConfiguration xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\"><s3:CORSRule>"
      "<s3:AllowedOrigin>*</s3:AllowedOrigin><s3:AllowedMethod>GET</s3:AllowedMethod>"
      "</s3:CORSRule></s3:CORSConfiguration>");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].allowed_origins, std::vector<std::string>{"*"});
}

TEST(CorsParseTest, AcceptsOneHundredRules) {
  auto r = parse_cors_configuration(repeat_rules(100));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 100u);
}

TEST(CorsParseTest, AcceptsMaxAgeBounds) {
  EXPECT_TRUE(parse_cors_configuration(config({kMinimal + "<MaxAgeSeconds>0</MaxAgeSeconds>"})));
  auto r =
      parse_cors_configuration(config({kMinimal + "<MaxAgeSeconds>2147483647</MaxAgeSeconds>"}));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].max_age_seconds, 2147483647);
}

TEST(CorsParseTest, AcceptsIdOf255Characters) {
  EXPECT_TRUE(
      parse_cors_configuration(config({kMinimal + "<ID>" + std::string(255, 'a') + "</ID>"})));
}

TEST(CorsParseTest, AcceptsOneWildcardPerOriginAndHeader) {
  auto r = parse_cors_configuration(config(
      {"<AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedOrigin>*</AllowedOrigin>" +
       kMethod + "<AllowedHeader>*</AllowedHeader><AllowedHeader>x-*-id</AllowedHeader>"}));
  EXPECT_TRUE(r);
}

TEST(CorsParseTest, KeepsValuesVerbatimAndDecodesEntities) {
  auto r = parse_cors_configuration(
      config({"<ID>a &amp; b</ID><AllowedOrigin> https://Example.COM</AllowedOrigin>" + kMethod}));
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].id, "a & b");
  EXPECT_EQ((*r)[0].allowed_origins[0], " https://Example.COM");
}

// --- MalformedXML ---------------------------------------------------------------------------

TEST(CorsParseTest, EmptyBodyIsMalformed) { EXPECT_EQ(code_of(""), ErrorCode::kMalformedXML); }

TEST(CorsParseTest, NotXmlIsMalformed) {
  EXPECT_EQ(code_of("AllowedOrigin: *"), ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, UnclosedElementIsMalformed) {
  EXPECT_EQ(code_of("<CORSConfiguration><CORSRule>" + kMinimal + "</CORSConfiguration>"),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, WrongRootIsMalformed) {
  EXPECT_EQ(code_of("<CORSRules><CORSRule>" + kMinimal + "</CORSRule></CORSRules>"),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, RootNameIsCaseSensitive) {
  EXPECT_EQ(code_of("<corsconfiguration><CORSRule>" + kMinimal + "</CORSRule></corsconfiguration>"),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, NoRuleIsMalformed) { EXPECT_EQ(code_of(config({})), ErrorCode::kMalformedXML); }

TEST(CorsParseTest, OneHundredAndOneRulesIsMalformed) {
  EXPECT_EQ(code_of(repeat_rules(101)), ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, RuleElementsDirectlyInRootAreMalformed) {
  EXPECT_EQ(code_of("<CORSConfiguration>" + kMinimal + "</CORSConfiguration>"),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, TextNextToARuleIsMalformed) {
  EXPECT_EQ(
      code_of("<CORSConfiguration>text<CORSRule>" + kMinimal + "</CORSRule></CORSConfiguration>"),
      ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, RuleWithoutAllowedOriginIsMalformed) {
  EXPECT_EQ(code_of(config({kMethod})), ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, RuleWithoutAllowedMethodIsMalformed) {
  EXPECT_EQ(code_of(config({kOrigin})), ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, UnknownElementInRuleIsMalformed) {
  EXPECT_EQ(code_of(config({kMinimal + "<AllowedHeaders>*</AllowedHeaders>"})),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, ElementNamesAreCaseSensitive) {
  EXPECT_EQ(code_of(config({kMinimal + "<allowedheader>*</allowedheader>"})),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, ElementInsideAValueIsMalformed) {
  EXPECT_EQ(code_of(config({"<AllowedOrigin><Origin>*</Origin></AllowedOrigin>" + kMethod})),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, MaxAgeThatIsNotAnIntegerIsMalformed) {
  for (const char* v : {"", "hour", "-1", "1.5", "1e3", "0x10", "3000s", "2147483648"}) {
    EXPECT_EQ(code_of(config({kMinimal + "<MaxAgeSeconds>" + v + "</MaxAgeSeconds>"})),
              ErrorCode::kMalformedXML)
        << v;
  }
}

TEST(CorsParseTest, MaxAgeTwiceIsMalformed) {
  EXPECT_EQ(code_of(config({kMinimal + "<MaxAgeSeconds>1</MaxAgeSeconds><MaxAgeSeconds>1"
                                       "</MaxAgeSeconds>"})),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, IdOf256CharactersIsMalformed) {
  EXPECT_EQ(code_of(config({kMinimal + "<ID>" + std::string(256, 'a') + "</ID>"})),
            ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, IdTwiceIsMalformed) {
  EXPECT_EQ(code_of(config({kMinimal + "<ID>a</ID><ID>b</ID>"})), ErrorCode::kMalformedXML);
}

TEST(CorsParseTest, BodyOver64KilobytesIsMalformed) {
  std::string body = config({kMinimal + "<ID>a</ID>"});
  body.insert(body.size() - std::string("</CORSConfiguration>").size(),
              std::string(kMaxCorsBody, ' '));
  EXPECT_EQ(code_of(body), ErrorCode::kMalformedXML);
}

// --- InvalidRequest, with S3's messages --------------------------------------------------------

TEST(CorsParseTest, UnsupportedMethodIsInvalidRequest) {
  for (const char* m : {"OPTIONS", "PATCH", "get", " GET", "GET,PUT", "*", ""}) {
    EXPECT_EQ(
        invalid_message(config({kOrigin + kMethod + "<AllowedMethod>" + m + "</AllowedMethod>"})),
        std::string("Found unsupported HTTP method in CORS config. Unsupported method is ") + m);
  }
}

TEST(CorsParseTest, OriginWithTwoWildcardsIsInvalidRequest) {
  EXPECT_EQ(
      invalid_message(config({"<AllowedOrigin>https://*.example.*</AllowedOrigin>" + kMethod})),
      "AllowedOrigin \"https://*.example.*\" can not have more than one wildcard.");
}

TEST(CorsParseTest, AllowedHeaderWithTwoWildcardsIsInvalidRequest) {
  EXPECT_EQ(invalid_message(config({kMinimal + "<AllowedHeader>x-*-meta-*</AllowedHeader>"})),
            "AllowedHeader \"x-*-meta-*\" can not have more than one wildcard.");
}

TEST(CorsParseTest, ExposeHeaderWithWildcardIsInvalidRequest) {
  EXPECT_EQ(invalid_message(config({kMinimal + "<ExposeHeader>x-amz-*</ExposeHeader>"})),
            "ExposeHeader \"x-amz-*\" contains wildcard. We currently do not support wildcard "
            "for ExposeHeader.");
}

TEST(CorsParseTest, MethodIsCheckedBeforeOriginHeaderAndExpose) {
  EXPECT_EQ(invalid_message(config({"<ExposeHeader>x-*</ExposeHeader><AllowedHeader>*-*"
                                    "</AllowedHeader><AllowedOrigin>*.*</AllowedOrigin>"
                                    "<AllowedMethod>PATCH</AllowedMethod>"})),
            "Found unsupported HTTP method in CORS config. Unsupported method is PATCH");
}

TEST(CorsParseTest, OriginIsCheckedBeforeAllowedHeader) {
  EXPECT_EQ(invalid_message(config({"<AllowedHeader>*-*</AllowedHeader><AllowedOrigin>*.*"
                                    "</AllowedOrigin>" +
                                    kMethod})),
            "AllowedOrigin \"*.*\" can not have more than one wildcard.");
}

TEST(CorsParseTest, FirstInvalidRuleDecides) {
  EXPECT_EQ(invalid_message(config({kMinimal, kMinimal + "<ExposeHeader>x-*</ExposeHeader>",
                                    kOrigin + "<AllowedMethod>PATCH</AllowedMethod>"})),
            "ExposeHeader \"x-*\" contains wildcard. We currently do not support wildcard for "
            "ExposeHeader.");
}

TEST(CorsParseTest, ShapeErrorsComeBeforeValueErrors) {
  EXPECT_EQ(code_of(config({kOrigin + "<AllowedMethod>PATCH</AllowedMethod>", kMethod})),
            ErrorCode::kMalformedXML);
}

// --- GetBucketCors rendering -----------------------------------------------------------------

TEST(CorsRenderTest, RendersElementsInS3Order) {
  std::vector<CorsRule> rules{{"rule-1",
                               {"https://example.com", "https://*.example.org"},
                               {"GET", "PUT"},
                               {"Authorization"},
                               {"ETag", "x-amz-request-id"},
                               3000},
                              {"", {"*"}, {"HEAD"}, {}, {}, std::nullopt}};
  EXPECT_EQ(render_cors_configuration(rules),
            kDecl + "<CORSConfiguration" + kNs +
                "><CORSRule><ID>rule-1</ID><AllowedMethod>GET</AllowedMethod>"
                "<AllowedMethod>PUT</AllowedMethod><AllowedOrigin>https://example.com"
                "</AllowedOrigin><AllowedOrigin>https://*.example.org</AllowedOrigin>"
                "<AllowedHeader>Authorization</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds>"
                "<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-request-id</ExposeHeader>"
                "</CORSRule><CORSRule><AllowedMethod>HEAD</AllowedMethod>"
                "<AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>");
}

TEST(CorsRenderTest, EscapesValues) {
  std::vector<CorsRule> rules{{"<a> & b", {"https://x/?a=1&b=2"}, {"GET"}, {}, {}, 0}};
  EXPECT_EQ(render_cors_configuration(rules),
            kDecl + "<CORSConfiguration" + kNs +
                "><CORSRule><ID>&lt;a&gt; &amp; b</ID><AllowedMethod>GET</AllowedMethod>"
                "<AllowedOrigin>https://x/?a=1&amp;b=2</AllowedOrigin>"
                "<MaxAgeSeconds>0</MaxAgeSeconds></CORSRule></CORSConfiguration>");
}

TEST(CorsRenderTest, RoundTripsThroughTheParser) {
  std::vector<CorsRule> rules{{"r",
                               {"https://a", "http://*"},
                               {"GET", "PUT", "POST", "DELETE", "HEAD"},
                               {"*", "x-amz-*"},
                               {"ETag"},
                               86400}};
  auto parsed = parse_cors_configuration(render_cors_configuration(rules));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, rules);
}

}  // namespace
}  // namespace s3sandbox::xml
