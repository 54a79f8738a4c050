// Access control through app::Application (AppHarness): Object Ownership, Block Public Access,
// ACLs and bucket policies as handlers, and the authorization step for anonymous requests (a
// strict-mode harness, where unsigned requests are anonymous).
#include <gtest/gtest.h>

#include "app/access_model.hpp"
#include "app/accounts.hpp"
#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

const char* kOpenBlock =
    "<PublicAccessBlockConfiguration><BlockPublicAcls>false</BlockPublicAcls>"
    "<IgnorePublicAcls>false</IgnorePublicAcls><BlockPublicPolicy>false</BlockPublicPolicy>"
    "<RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>";

std::string ownership_doc(const std::string& v) {
  return "<OwnershipControls><Rule><ObjectOwnership>" + v +
         "</ObjectOwnership></Rule></OwnershipControls>";
}

class AccessHandlers : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(app.put("/bkt").status, 200); }
  testing::Reply put_doc(const std::string& target, const std::string& body) {
    return app.put(target, body, {testing::content_md5(body)});
  }
  AppHarness app;
};

TEST_F(AccessHandlers, DefaultsAreThe2023Ones) {
  auto own = app.get("/bkt?ownershipControls");
  ASSERT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("<ObjectOwnership>BucketOwnerEnforced</ObjectOwnership>"),
            std::string::npos);
  auto bpa = app.get("/bkt?publicAccessBlock");
  ASSERT_EQ(bpa.status, 200);
  EXPECT_NE(bpa.body.find("<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true"
                          "</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy>"
                          "<RestrictPublicBuckets>true</RestrictPublicBuckets>"),
            std::string::npos)
      << bpa.body;
}

TEST_F(AccessHandlers, AclsRefusedUnderBucketOwnerEnforced) {
  auto r = app.put("/bkt/k", "x", {{"x-amz-acl", "public-read"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "AccessControlListNotSupported");
  EXPECT_NE(r.header("x-s3sandbox-diagnosis")->find("ObjectWriter"), std::string::npos);
  EXPECT_EQ(app.put("/bkt/k", "x", {{"x-amz-acl", "bucket-owner-full-control"}}).status, 200);
  EXPECT_EQ(
      app.put("/bkt/k?acl", "", {{"x-amz-acl", "private"}, testing::content_md5("")}).error_code(),
      "AccessControlListNotSupported");
  auto acl = app.get("/bkt/k?acl");
  ASSERT_EQ(acl.status, 200);
  EXPECT_NE(acl.body.find("<Permission>FULL_CONTROL</Permission>"), std::string::npos);
  EXPECT_EQ(acl.body.find("AllUsers"), std::string::npos);
}

TEST_F(AccessHandlers, PublicReadUnderObjectWriterWithBlockPublicAccessOff) {
  ASSERT_EQ(put_doc("/bkt?ownershipControls", ownership_doc("ObjectWriter")).status, 200);
  auto blocked = app.put("/bkt/k", "x", {{"x-amz-acl", "public-read"}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.header("x-s3sandbox-diagnosis")->find("BlockPublicAcls"), std::string::npos);
  ASSERT_EQ(put_doc("/bkt?publicAccessBlock", kOpenBlock).status, 200);
  ASSERT_EQ(app.put("/bkt/k", "x", {{"x-amz-acl", "public-read"}}).status, 200);
  auto acl = app.get("/bkt/k?acl");
  EXPECT_NE(acl.body.find("<URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>"
                          "<Permission>READ</Permission>"),
            std::string::npos)
      << acl.body;
}

TEST_F(AccessHandlers, AclDocumentRoundTrip) {
  ASSERT_EQ(put_doc("/bkt?ownershipControls", ownership_doc("ObjectWriter")).status, 200);
  const std::string other = canonical_id_of("someone");
  const std::string doc =
      "<AccessControlPolicy><Owner><ID>" + canonical_id_of("s3sandbox") +
      "</ID></Owner><AccessControlList><Grant><Grantee "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>" +
      other +
      "</ID></Grantee><Permission>READ_ACP</Permission></Grant></AccessControlList>"
      "</AccessControlPolicy>";
  ASSERT_EQ(put_doc("/bkt?acl", doc).status, 200);
  auto got = app.get("/bkt?acl");
  EXPECT_NE(got.body.find("<ID>" + other + "</ID></Grantee><Permission>READ_ACP</Permission>"),
            std::string::npos)
      << got.body;
  auto bad = put_doc("/bkt?acl",
                     "<AccessControlPolicy><Owner><ID>x</ID></Owner>"
                     "<AccessControlList><Grant><Grantee xsi:type=\"CanonicalUser\" "
                     "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><ID>x"
                     "</ID></Grantee><Permission>ALL</Permission></Grant>"
                     "</AccessControlList></AccessControlPolicy>");
  EXPECT_EQ(bad.error_code(), "MalformedACLError");
}

TEST_F(AccessHandlers, PolicyValidationAndBlockPublicPolicy) {
  auto bad = put_doc("/bkt?policy", "{\"Statement\": 1}");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_code(), "MalformedPolicy");
  const std::string open =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bkt/*"}]})";
  auto blocked = put_doc("/bkt?policy", open);
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.header("x-s3sandbox-diagnosis")->find("BlockPublicPolicy"), std::string::npos);
  ASSERT_EQ(put_doc("/bkt?publicAccessBlock", kOpenBlock).status, 200);
  EXPECT_EQ(put_doc("/bkt?policy", open).status, 204);
  EXPECT_EQ(app.get("/bkt?policy").body, open);
  EXPECT_NE(app.get("/bkt?policyStatus").body.find("<IsPublic>true</IsPublic>"), std::string::npos);
  EXPECT_EQ(app.send("DELETE", "/bkt?policy").status, 204);
  EXPECT_EQ(app.get("/bkt?policy").error_code(), "NoSuchBucketPolicy");
}

TEST(Accounts, IdsAreDerivedFromTheAccessKey) {
  Account a = account_of("alice");
  EXPECT_EQ(a.account_id.size(), 12u);
  EXPECT_EQ(a.canonical_id.size(), 64u);
  EXPECT_EQ(a.canonical_id, account_of("alice").canonical_id);
  EXPECT_NE(a.account_id, account_of("bob").account_id);
}

// Strict mode: the harness sends no signatures, so requests are anonymous.
TEST(AnonymousAccess, AllowedExactlyByAPublicGrantOrPolicy) {
  AppHarness strict(AppOptions{}, auth::AuthMode::kStrict);
  storage::Backend& b = strict.backend();
  ASSERT_TRUE(b.create_bucket("pub", ""));
  auto missing = strict.get("/nobucket/k");
  EXPECT_EQ(missing.error_code(), "NoSuchBucket");
  auto closed = strict.get("/pub/k");
  EXPECT_EQ(closed.status, 403);
  EXPECT_NE(closed.header("x-s3sandbox-diagnosis")->find("anonymous"), std::string::npos);
  // A public policy: allowed; Block Public Access RestrictPublicBuckets: refused again.
  ASSERT_TRUE(b.put_bucket_setting("pub", "public-access-block", "0000"));
  ASSERT_TRUE(b.put_bucket_setting(
      "pub", "policy",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::pub/*"}]})"));
  EXPECT_EQ(strict.get("/pub/k").error_code(), "NoSuchKey");  // allowed: the handler answers
  EXPECT_EQ(strict.get("/pub").status, 403);                  // ListBucket is not allowed
  EXPECT_EQ(strict.put("/pub/k", "x").status, 403);
  ASSERT_TRUE(b.put_bucket_setting("pub", "public-access-block", "0001"));
  auto restricted = strict.get("/pub/k");
  EXPECT_EQ(restricted.status, 403);
  EXPECT_NE(restricted.header("x-s3sandbox-diagnosis")->find("RestrictPublicBuckets"),
            std::string::npos);
}

}  // namespace
}  // namespace s3sandbox::app
