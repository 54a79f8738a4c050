// SSE-C parameters in the query string instead of headers (boto3's SigV2 presigner, a
// hand-built URL): refused, never stored unencrypted, and the diagnosis says what to change.
#include "app/ssec_in_query.hpp"

#include <gtest/gtest.h>

#include "app_harness.hpp"
#include "s3sandbox/core/query.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

const std::string kQuery =
    "x-amz-server-side-encryption-customer-algorithm=AES256&"
    "x-amz-server-side-encryption-customer-key=a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U%3D&"
    "x-amz-server-side-encryption-customer-key-md5=bWQ1bWQ1bWQ1bWQ1bWQ1bQ%3D%3D";

TEST(SsecInQuery, PutAndGetAreRefusedSayingWhatToChange) {
  AppOptions options;
  options.allow_ssec_over_http = true;
  AppHarness app(options);
  ASSERT_EQ(app.put("/bkt").status, 200);
  auto put = app.put("/bkt/k?" + kQuery, "secret");
  EXPECT_EQ(put.status, 400);
  EXPECT_EQ(put.error_code(), "InvalidRequest");
  ASSERT_TRUE(put.header("x-s3sandbox-diagnosis"));
  const std::string why = *put.header("x-s3sandbox-diagnosis");
  EXPECT_NE(why.find("X-Amz-SignedHeaders"), std::string::npos) << why;
  EXPECT_NE(why.find("signature_version='s3v4'"), std::string::npos) << why;
  EXPECT_NE(why.find("treat that key as exposed"), std::string::npos) << why;
  EXPECT_EQ(app.get("/bkt/k").error_code(), "NoSuchKey");  // nothing stored unencrypted

  ASSERT_EQ(app.put("/bkt/plain", "x").status, 200);
  auto get = app.get("/bkt/plain?x-amz-server-side-encryption-customer-algorithm=AES256");
  EXPECT_EQ(get.status, 400);
  // Only the algorithm in the URL: no key is exposed, so no warning about it.
  EXPECT_EQ(get.header("x-s3sandbox-diagnosis")->find("exposed"), std::string::npos);
}

TEST(SsecInQuery, NamesEveryParameterWhateverItsCase) {
  router::Operation op;
  auto parsed = core::parse_query("X-Amz-Server-Side-Encryption-Customer-Key-MD5=x&uploads");
  ASSERT_TRUE(parsed);
  op.query = parsed->params;
  op.query_text = parsed->text;
  auto e = ssec_in_query(op, "x-amz-server-side-encryption-customer-");
  ASSERT_TRUE(e);
  EXPECT_NE(e->diagnosis.find("X-Amz-Server-Side-Encryption-Customer-Key-MD5"), std::string::npos);
  EXPECT_FALSE(ssec_in_query(op, "x-amz-copy-source-server-side-encryption-customer-"));
  router::Operation none;
  EXPECT_FALSE(ssec_in_query(none, "x-amz-server-side-encryption-customer-"));
}

}  // namespace
}  // namespace s3sandbox::app
