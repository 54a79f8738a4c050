// A URL presigned for SSE-C signs the three x-amz-server-side-encryption-customer-* headers
// (User Guide, "Presigned URLs and SSE-C"): used without them, or with them unsigned, it is
// refused as S3 refuses it, and the diagnosis says what to send or sign.
#include <gtest/gtest.h>

#include "auth/ssec_signing_hint.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using core::ErrorCode;
using testing::at;
using testing::field;

const std::map<std::string, std::string> kSsecHeaders = {
    {"x-amz-server-side-encryption-customer-algorithm", "AES256"},
    {"x-amz-server-side-encryption-customer-key", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U="},
    {"x-amz-server-side-encryption-customer-key-md5", "bWQ1bWQ1bWQ1bWQ1bWQ1bQ=="}};

class SsecPresigned : public ::testing::Test {
 protected:
  core::Result<AuthResult> run(const core::RequestView& r) {
    return testing::authenticate(auth_, r);
  }
  core::FrozenClock clock_{at(testing::kDate)};
  Authenticator auth_{testing::options_with_default_key(), clock_};
};

TEST_F(SsecPresigned, SignedHeadersSentWithTheUrlAreAccepted) {
  testing::Spec s;
  s.method = "PUT";
  s.headers = kSsecHeaders;
  EXPECT_TRUE(run(testing::presign_v4(s)));
}

TEST_F(SsecPresigned, TheUrlWithoutItsSignedKeyHeadersSaysToSendThem) {
  testing::Spec s;
  s.method = "PUT";
  s.headers = kSsecHeaders;
  core::RequestView r = testing::presign_v4(s);
  for (const auto& [name, value] : kSsecHeaders) testing::remove_header(r, name);
  auto result = run(r);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kSignatureDoesNotMatch);
  EXPECT_NE(result.error().diagnosis.find("A URL presigned for SSE-C is used with the key"),
            std::string::npos)
      << result.error().diagnosis;
}

TEST_F(SsecPresigned, KeyHeadersTheUrlDoesNotSignAreHeadersNotSigned) {
  testing::Spec s;  // presigned without the key, the headers added afterwards
  core::RequestView r = testing::presign_v4(s);
  for (const auto& [name, value] : kSsecHeaders) testing::set_header(r, name, value);
  auto result = run(r);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(result.error().message,
            "There were headers present in the request which were not signed");
  EXPECT_NE(field(result.error(), "HeadersNotSigned")
                .find("x-amz-server-side-encryption-customer-algorithm"),
            std::string::npos);
  EXPECT_NE(result.error().diagnosis.find("SSECustomerKey in generate_presigned_url's Params"),
            std::string::npos)
      << result.error().diagnosis;
}

TEST(SsecSigningHint, OnlyForSsecHeaders) {
  EXPECT_EQ(ssec_missing_hint({"content-type"}), "");
  EXPECT_EQ(ssec_unsigned_hint({"x-amz-acl"}), "");
  EXPECT_NE(ssec_missing_hint({"x-amz-server-side-encryption-customer-key-md5"}), "");
  EXPECT_NE(ssec_unsigned_hint({"X-Amz-Server-Side-Encryption-Customer-Algorithm"}), "");
  // SSE-S3 / SSE-KMS headers are not SSE-C's.
  EXPECT_EQ(ssec_unsigned_hint({"x-amz-server-side-encryption"}), "");
}

}  // namespace
}  // namespace s3sandbox::auth
