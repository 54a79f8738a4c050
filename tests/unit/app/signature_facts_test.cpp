// A refused signature's CanonicalRequest and StringToSign reach the journal's facts, with a
// session token's value redacted (a token grants access; the journal never keeps one).
#include <gtest/gtest.h>

#include "app/exchange_facts.hpp"

namespace s3sandbox::app {
namespace {

TEST(SignatureFacts, KeepsTheMismatchFieldsAndRedactsTokens) {
  core::S3Error e(core::ErrorCode::kSignatureDoesNotMatch);
  e.with("CanonicalRequest",
         "GET\n/b/k\nX-Amz-Date=1&X-Amz-Security-Token=SECRET%2Fx&X-Amz-SignedHeaders=host\n"
         "host:h\nx-amz-security-token:SECRET2\n\nhost\nUNSIGNED-PAYLOAD")
      .with("StringToSign", "AWS4-HMAC-SHA256\n20130524T000000Z\nscope\nabc");
  ExchangeFacts f;
  describe_signature_mismatch(f, e);
  EXPECT_EQ(f.canonical_request,
            "GET\n/b/k\nX-Amz-Date=1&X-Amz-Security-Token=REDACTED&X-Amz-SignedHeaders=host\n"
            "host:h\nx-amz-security-token:REDACTED\n\nhost\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(f.string_to_sign, "AWS4-HMAC-SHA256\n20130524T000000Z\nscope\nabc");
}

TEST(SignatureFacts, OtherErrorsLeaveThemEmpty) {
  core::S3Error e(core::ErrorCode::kAccessDenied);
  e.with("StringToSign", "x");
  ExchangeFacts f;
  describe_signature_mismatch(f, e);
  EXPECT_TRUE(f.string_to_sign.empty());
}

}  // namespace
}  // namespace s3sandbox::app
