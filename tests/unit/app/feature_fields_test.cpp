// Issue #17's remaining gaps through app::Application (AppHarness): POST Object's feature form
// fields are honoured or refused exactly as the same headers are on PutObject; the SSE-KMS
// encryption context is validated and echoed; x-amz-expected-bucket-owner is compared with the
// bucket's owner for every requester, anonymous requests included.
#include <gtest/gtest.h>

#include "app/account_id.hpp"
#include "app/encryption_context.hpp"
#include "app_harness.hpp"
#include "s3sandbox/auth/credentials.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

// A browser form: the fields in order, then the file.
std::string form(const std::vector<std::pair<std::string, std::string>>& fields,
                 const std::string& file) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body +=
        "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }
  body +=
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\n" +
      file + "\r\n--XyZ--\r\n";
  return body;
}

testing::Reply post(AppHarness& app, const std::vector<std::pair<std::string, std::string>>& f) {
  return app.send("POST", "/bkt", form(f, "hello"),
                  {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
}

class PostFields : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(app.put("/bkt").status, 200); }
  AppHarness app;
};

TEST_F(PostFields, ObjectLockFieldsAreRefusedAsOnPut) {
  for (const char* field : {"x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date",
                            "x-amz-object-lock-legal-hold"}) {
    auto r = post(app, {{"key", "locked"}, {field, "GOVERNANCE"}});
    EXPECT_EQ(r.status, 400) << field;
    EXPECT_EQ(r.error_code(), "InvalidRequest") << field;
    EXPECT_NE(r.body.find("Bucket is missing ObjectLockConfiguration"), std::string::npos);
    EXPECT_NE(r.header("x-s3sandbox-diagnosis")->find(field), std::string::npos);
  }
  EXPECT_EQ(app.get("/bkt/locked").error_code(), "NoSuchKey");  // nothing half-written
}

TEST_F(PostFields, WebsiteRedirectIsStoredAndReturned) {
  auto r = post(app, {{"key", "r"}, {"x-amz-website-redirect-location", "/elsewhere.html"}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(app.send("HEAD", "/bkt/r").header("x-amz-website-redirect-location"),
            "/elsewhere.html");
  auto bad = post(app, {{"key", "r2"}, {"x-amz-website-redirect-location", "elsewhere"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(app.get("/bkt/r2").error_code(), "NoSuchKey");
}

TEST_F(PostFields, SseKmsFieldsAreEchoedAndStored) {
  const std::string context = crypto::base64_encode(R"({"purpose":"thumbnails"})");
  auto r = post(app, {{"key", "k"},
                      {"x-amz-server-side-encryption", "aws:kms"},
                      {"x-amz-server-side-encryption-aws-kms-key-id", "my-key"},
                      {"x-amz-server-side-encryption-bucket-key-enabled", "true"},
                      {"x-amz-server-side-encryption-context", context}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(r.header("x-amz-server-side-encryption"), "aws:kms");
  // S3's POST answer (and HEAD's) names no context, though it is stored.
  EXPECT_FALSE(r.header("x-amz-server-side-encryption-context"));
  auto head = app.send("HEAD", "/bkt/k");
  EXPECT_FALSE(head.header("x-amz-server-side-encryption-context"));
  EXPECT_EQ(head.header("x-amz-server-side-encryption"), "aws:kms");
  EXPECT_NE(head.header("x-amz-server-side-encryption-aws-kms-key-id")->find("key/my-key"),
            std::string::npos);
  EXPECT_EQ(head.header("x-amz-server-side-encryption-bucket-key-enabled"), "true");

  auto bad = post(app, {{"key", "k2"}, {"x-amz-server-side-encryption", "rot13"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_code(), "InvalidArgument");
  auto plain = post(app, {{"key", "k3"}});
  EXPECT_EQ(plain.header("x-amz-server-side-encryption"), "AES256");  // SSE-S3, the default
}

TEST(PostFieldsSseC, NeedTheBucketToAllowIt) {
  AppOptions options;
  options.allow_ssec_over_http = true;  // else the plain-HTTP refusal comes first
  AppHarness app(options);
  ASSERT_EQ(app.put("/bkt").status, 200);
  const std::string key(32, 'k');
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"key", "c"},
      {"x-amz-server-side-encryption-customer-algorithm", "AES256"},
      {"x-amz-server-side-encryption-customer-key", crypto::base64_encode(key)},
      {"x-amz-server-side-encryption-customer-key-MD5", crypto::base64_encode(crypto::md5(key))}};
  auto blocked = post(app, fields);  // new buckets block SSE-C (S3's April 2026 default)
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.header("x-s3sandbox-diagnosis")->find("SSE-C"), std::string::npos);
  EXPECT_EQ(app.get("/bkt/c").error_code(), "NoSuchKey");
}

TEST_F(PostFields, SseCFieldsAreCheckedAndTheObjectNeedsTheKey) {
  AppOptions options;
  options.allow_ssec_over_http = true;
  AppHarness ssec(options);
  ASSERT_EQ(ssec.put("/bkt").status, 200);
  const std::string doc =
      "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
      "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
      "<BlockedEncryptionTypes><EncryptionType>NONE</EncryptionType></BlockedEncryptionTypes>"
      "</Rule></ServerSideEncryptionConfiguration>";
  ASSERT_EQ(ssec.put("/bkt?encryption", doc, {testing::content_md5(doc)}).status, 200);
  const std::string key(32, 'k');
  const std::string md5 = crypto::base64_encode(crypto::md5(key));
  auto wrong_md5 =
      post(ssec, {{"key", "c"},
                  {"x-amz-server-side-encryption-customer-algorithm", "AES256"},
                  {"x-amz-server-side-encryption-customer-key", crypto::base64_encode(key)},
                  {"x-amz-server-side-encryption-customer-key-MD5",
                   crypto::base64_encode(crypto::md5("other"))}});
  EXPECT_EQ(wrong_md5.status, 400);
  EXPECT_EQ(wrong_md5.error_code(), "InvalidArgument");
  auto r = post(ssec, {{"key", "c"},
                       {"x-amz-server-side-encryption-customer-algorithm", "AES256"},
                       {"x-amz-server-side-encryption-customer-key", crypto::base64_encode(key)},
                       {"x-amz-server-side-encryption-customer-key-MD5", md5}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(r.header("x-amz-server-side-encryption-customer-key-MD5"), md5);
  EXPECT_EQ(ssec.get("/bkt/c").error_code(), "InvalidRequest");  // the key is needed
  auto got =
      ssec.get("/bkt/c", {{"x-amz-server-side-encryption-customer-algorithm", "AES256"},
                          {"x-amz-server-side-encryption-customer-key", crypto::base64_encode(key)},
                          {"x-amz-server-side-encryption-customer-key-MD5", md5}});
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "hello");
  const std::string other(32, 'o');
  auto wrong = ssec.get(
      "/bkt/c", {{"x-amz-server-side-encryption-customer-algorithm", "AES256"},
                 {"x-amz-server-side-encryption-customer-key", crypto::base64_encode(other)},
                 {"x-amz-server-side-encryption-customer-key-MD5",
                  crypto::base64_encode(crypto::md5(other))}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_NE(wrong.body.find("<Message>Requests specifying Server Side Encryption with Customer "
                            "provided keys must provide the correct secret key."),
            std::string::npos)
      << wrong.body;
}

TEST(EncryptionContext, OnlyBase64OfAStringMap) {
  EXPECT_TRUE(check_encryption_context(crypto::base64_encode(R"({"a":"b","c":"d"})")));
  EXPECT_TRUE(check_encryption_context(crypto::base64_encode("{}")));
  for (const std::string& bad :
       {std::string("not base64!"), crypto::base64_encode("not json"),
        crypto::base64_encode(R"(["a","b"])"), crypto::base64_encode(R"({"a":1})"),
        crypto::base64_encode(R"({"Context":{"Context":{}}})")}) {
    auto r = check_encryption_context(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message,
              "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 "
              "string holding JSON which represents a string-string map");
    EXPECT_FALSE(r.error().diagnosis.empty());
  }
}

TEST(EncryptionContext, ValidatedOnPutAndEchoedByTheWrites) {
  AppHarness app;
  ASSERT_EQ(app.put("/bkt").status, 200);
  const std::string context = crypto::base64_encode(R"({"tenant":"t1"})");
  auto put = app.put("/bkt/k", "x",
                     {{"x-amz-server-side-encryption", "aws:kms"},
                      {"x-amz-server-side-encryption-context", context}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.header("x-amz-server-side-encryption-context"), context);
  auto bad_json =
      app.put("/bkt/k3", "x",
              {{"x-amz-server-side-encryption", "aws:kms"},
               {"x-amz-server-side-encryption-context", crypto::base64_encode(R"({"n":1})")}});
  EXPECT_EQ(bad_json.status, 400);
  EXPECT_EQ(bad_json.error_code(), "InvalidArgument");
  EXPECT_EQ(app.get("/bkt/k3").error_code(), "NoSuchKey");
  auto create = app.send("POST", "/bkt/m?uploads", "",
                         {{"x-amz-server-side-encryption", "aws:kms"},
                          {"x-amz-server-side-encryption-context", context}});
  ASSERT_EQ(create.status, 200) << create.body;
  EXPECT_EQ(create.header("x-amz-server-side-encryption-context"), context);
  // A copy does not inherit the source's context (S3: "must be explicitly added").
  auto copy = app.put(
      "/bkt/c", "", {{"x-amz-copy-source", "/bkt/k"}, {"x-amz-server-side-encryption", "aws:kms"}});
  ASSERT_EQ(copy.status, 200) << copy.body;
  EXPECT_FALSE(copy.header("x-amz-server-side-encryption-context"));
}

// Strict mode: the harness sends no signatures, so requests are anonymous; the bucket belongs
// to the default credential.
TEST(ExpectedBucketOwner, CheckedForAnonymousRequestsToo) {
  AppHarness strict(AppOptions{}, auth::AuthMode::kStrict);
  storage::Backend& b = strict.backend();
  ASSERT_TRUE(b.create_bucket("pub", ""));
  ASSERT_TRUE(b.put_bucket_setting("pub", "public-access-block", "0000"));
  ASSERT_TRUE(b.put_bucket_setting(
      "pub", "policy",
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::pub/*"}]})"));
  const std::string owner = account_id_for(auth::kDefaultAccessKey);
  EXPECT_EQ(strict.get("/pub/k", {{"x-amz-expected-bucket-owner", owner}}).error_code(),
            "NoSuchKey");  // allowed: the handler answers
  auto wrong = strict.get("/pub/k", {{"x-amz-expected-bucket-owner", "111122223333"}});
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.error_code(), "AccessDenied");
  EXPECT_NE(wrong.header("x-s3sandbox-diagnosis")->find(owner), std::string::npos);
}

TEST(ExpectedBucketOwner, IsThePolicyAccountId) {
  // One id per account everywhere: the expected-bucket-owner header, policy principals.
  EXPECT_EQ(account_id_for("alice"), account_of("alice").account_id);
}

}  // namespace
}  // namespace s3sandbox::app
