// Parsing of CreateBucketConfiguration and Delete bodies: the shapes SDKs send (with the S3
// namespace) and hand-written ones (without), and every malformed case S3 answers MalformedXML.
#include "s3sandbox/xml/parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace s3sandbox::xml {
namespace {

std::string delete_body(int objects, const std::string& extra = "") {
  std::string body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + extra;
  for (int i = 0; i < objects; ++i)
    body += "<Object><Key>k" + std::to_string(i) + "</Key></Object>";
  return body + "</Delete>";
}

core::ErrorCode delete_error(const std::string& body) {
  auto r = parse_delete_request(body);
  EXPECT_FALSE(r) << body.substr(0, 200);
  return r ? core::ErrorCode::kInternalError : r.error().code;
}

TEST(CreateBucketConfigurationTest, EmptyBodyIsDefaultRegion) {
  EXPECT_EQ(parse_create_bucket_configuration("").value(), "");
  EXPECT_EQ(parse_create_bucket_configuration(" \n").value(), "");
}

TEST(CreateBucketConfigurationTest, WithNamespace) {
  auto r = parse_create_bucket_configuration(
      "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "eu-west-1");
}

TEST(CreateBucketConfigurationTest, WithoutNamespaceAndWithDeclaration) {
  auto r = parse_create_bucket_configuration(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateBucketConfiguration>\n  "
      "<LocationConstraint> ap-south-1 </LocationConstraint>\n</CreateBucketConfiguration>");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "ap-south-1");
}

TEST(CreateBucketConfigurationTest, PrefixedNamespace) {
  auto r = parse_create_bucket_configuration(
      "<s3:CreateBucketConfiguration xmlns:s3=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<s3:LocationConstraint>eu-central-1</s3:LocationConstraint>"
      "</s3:CreateBucketConfiguration>");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "eu-central-1");
}

TEST(CreateBucketConfigurationTest, NoLocationConstraintIsDefaultRegion) {
  EXPECT_EQ(parse_create_bucket_configuration("<CreateBucketConfiguration/>").value(), "");
}

TEST(CreateBucketConfigurationTest, MalformedIsMalformedXml) {
  auto r = parse_create_bucket_configuration("<CreateBucketConfiguration><LocationConstraint>");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kMalformedXML);
  EXPECT_FALSE(r.error().diagnosis.empty());
}

TEST(CreateBucketConfigurationTest, WrongRootIsMalformedXml) {
  auto r = parse_create_bucket_configuration("<Delete><Quiet>true</Quiet></Delete>");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kMalformedXML);
}

TEST(CreateBucketConfigurationTest, NotXmlIsMalformedXml) {
  auto r = parse_create_bucket_configuration("eu-west-1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, SdkShapedBody) {
  auto r = parse_delete_request(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>sample1.txt</Key>"
      "</Object><Object><Key>sample2.txt</Key><VersionId>null</VersionId></Object>"
      "<Quiet>true</Quiet></Delete>");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->quiet);
  EXPECT_EQ(r->keys, (std::vector<std::string>{"sample1.txt", "sample2.txt"}));
}

TEST(DeleteRequestTest, QuietDefaultsToFalse) {
  auto r = parse_delete_request(delete_body(1));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->quiet);
}

TEST(DeleteRequestTest, QuietFalseIsFalse) {
  auto r = parse_delete_request(delete_body(1, "<Quiet>false</Quiet>"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->quiet);
}

TEST(DeleteRequestTest, QuietNotBooleanIsMalformed) {
  EXPECT_EQ(delete_error(delete_body(1, "<Quiet>yes</Quiet>")), core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, ThousandKeysAreAccepted) {
  auto r = parse_delete_request(delete_body(1000));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keys.size(), 1000u);
  EXPECT_EQ(r->keys.back(), "k999");
}

TEST(DeleteRequestTest, ThousandAndOneKeysAreMalformed) {
  EXPECT_EQ(delete_error(delete_body(1001)), core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, NoObjectsIsMalformed) {
  EXPECT_EQ(delete_error(delete_body(0)), core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, EmptyBodyIsMalformed) {
  EXPECT_EQ(delete_error(""), core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, ObjectWithoutKeyIsMalformed) {
  EXPECT_EQ(delete_error("<Delete><Object><VersionId>1</VersionId></Object></Delete>"),
            core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, ObjectWithTwoKeysIsMalformed) {
  EXPECT_EQ(delete_error("<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>"),
            core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, EmptyKeyIsMalformed) {
  EXPECT_EQ(delete_error("<Delete><Object><Key></Key></Object></Delete>"),
            core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, UnclosedElementIsMalformed) {
  EXPECT_EQ(delete_error("<Delete><Object><Key>a</Key></Object>"), core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, MismatchedTagIsMalformed) {
  EXPECT_EQ(delete_error("<Delete><Object><Key>a</Object></Key></Delete>"),
            core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, TwoRootsAreMalformed) {
  EXPECT_EQ(delete_error(delete_body(1) + delete_body(1)), core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, WrongRootIsMalformed) {
  EXPECT_EQ(delete_error("<Remove><Object><Key>a</Key></Object></Remove>"),
            core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, OversizedBodyIsMalformed) {
  std::string body = delete_body(1, std::string(kMaxXmlBody, ' '));
  EXPECT_EQ(delete_error(body), core::ErrorCode::kMalformedXML);
}

TEST(DeleteRequestTest, MaximalLegalBodyFitsTheLimit) {
  // 1000 keys of 1024 bytes, every byte written as &quot;.
  std::string key;
  for (int i = 0; i < 1024; ++i) key += "&quot;";
  std::string body = "<Delete>";
  for (int i = 0; i < 1000; ++i) body += "<Object><Key>" + key + "</Key></Object>";
  body += "</Delete>";
  auto r = parse_delete_request(body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keys[0], std::string(1024, '"'));
}

TEST(DeleteRequestTest, EntitiesInKeysAreDecoded) {
  auto r = parse_delete_request(
      "<Delete><Object><Key>a&amp;b&lt;c&gt;&quot;d&apos;</Key></Object></Delete>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keys[0], "a&b<c>\"d'");
}

TEST(DeleteRequestTest, CharacterReferencesInKeysAreDecoded) {
  // botocore escapes \r and \n this way in DeleteObjects bodies (handlers.escape_xml_payload).
  auto r = parse_delete_request(
      "<Delete><Object><Key>line&#13;&#10;end&#x9;tab</Key></Object></Delete>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keys[0], "line\r\nend\ttab");
}

TEST(DeleteRequestTest, WhitespaceInKeysIsKept) {
  auto r = parse_delete_request(
      "<Delete><Object><Key> a b </Key></Object>"
      "<Object><Key> </Key></Object></Delete>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keys, (std::vector<std::string>{" a b ", " "}));
}

TEST(DeleteRequestTest, Utf8AndSlashesInKeysAreKept) {
  auto r = parse_delete_request(
      "<Delete><Object><Key>dir//\xC3\xA9t\xC3\xA9/../x+y%20</Key></Object></Delete>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keys[0], "dir//\xC3\xA9t\xC3\xA9/../x+y%20");
}

TEST(DeleteRequestTest, CdataKeyIsRead) {
  auto r = parse_delete_request("<Delete><Object><Key><![CDATA[<a&b>]]></Key></Object></Delete>");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->keys[0], "<a&b>");
}

}  // namespace
}  // namespace s3sandbox::xml
