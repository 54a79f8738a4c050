// SigV4 Authorization-header verification: skew boundaries and S3's refusals.
#include <gtest/gtest.h>

#include "s3sandbox/auth/authenticator.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using namespace std::chrono_literals;
using core::ErrorCode;
using testing::at;
using testing::field;

class HeaderAuthTest : public ::testing::Test {
 protected:
  core::Result<AuthResult> run(const core::RequestView& r, core::TimePoint now) {
    clock_.set(now);
    return testing::authenticate(auth_, r);
  }
  core::FrozenClock clock_{at(testing::kDate)};
  Authenticator auth_{testing::options_with_default_key(), clock_};
  core::TimePoint t_ = at(testing::kDate);
};

TEST_F(HeaderAuthTest, FifteenMinutesSkewAcceptedBothWays) {
  EXPECT_TRUE(run(testing::sign_v4_header({}), t_ + 15min));
  EXPECT_TRUE(run(testing::sign_v4_header({}), t_ - 15min));
}

TEST_F(HeaderAuthTest, FifteenMinutesAndOneSecondBehindRefused) {
  auto r = run(testing::sign_v4_header({}), t_ + 15min + 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kRequestTimeTooSkewed);
  EXPECT_EQ(field(r.error(), "RequestTime"), "20130524T000000Z");
  EXPECT_EQ(field(r.error(), "ServerTime"), "2013-05-24T00:15:01Z");
  EXPECT_EQ(field(r.error(), "MaxAllowedSkewMilliseconds"), "900000");
  EXPECT_NE(r.error().diagnosis.find("15 min 1 s behind"), std::string::npos)
      << r.error().diagnosis;
}

TEST_F(HeaderAuthTest, FifteenMinutesAndOneSecondAheadRefused) {
  auto r = run(testing::sign_v4_header({}), t_ - 15min - 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kRequestTimeTooSkewed);
}

TEST_F(HeaderAuthTest, MissingContentSha256Refused) {
  auto req = testing::sign_v4_header({});
  testing::remove_header(req, "x-amz-content-sha256");
  auto r = run(req, t_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest);
  EXPECT_EQ(r.error().message, "Missing required header for this request: x-amz-content-sha256");
}

TEST_F(HeaderAuthTest, PayloadHashReturnedForTheBodyCheck) {
  testing::Spec s;
  s.method = "PUT";
  s.payload_hash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  auto r = run(testing::sign_v4_header(s), t_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->payload, PayloadMode::kSha256);
  EXPECT_EQ(r->expected_sha256_hex, s.payload_hash);
  EXPECT_EQ(r->scope, "20130524/us-east-1/s3/aws4_request");
  EXPECT_EQ(r->signing_key.size(), 32u);
}

TEST_F(HeaderAuthTest, StreamingPayloadModeReported) {
  testing::Spec s;
  s.payload_hash = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  auto r = run(testing::sign_v4_header(s), t_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->payload, PayloadMode::kStreamingUnsignedTrailer);
}

TEST_F(HeaderAuthTest, WrongRegionMessageAndField) {
  testing::Spec s;
  s.region = "eu-central-1";
  auto r = run(testing::sign_v4_header(s), t_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationHeaderMalformed);
  EXPECT_EQ(r.error().message,
            "The authorization header is malformed; the region 'eu-central-1' is wrong; "
            "expecting 'us-east-1'");
  EXPECT_EQ(field(r.error(), "Region"), "us-east-1");
}

TEST_F(HeaderAuthTest, MalformedAuthorizationRefused) {
  auto req = testing::sign_v4_header({});
  testing::set_header(req, "Authorization", "AWS4-HMAC-SHA256 Credential=AK/20130524/x");
  auto r = run(req, t_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationHeaderMalformed);
}

TEST_F(HeaderAuthTest, UnsignedSecurityTokenRefused) {
  auto req = testing::sign_v4_header({});
  testing::set_header(req, "x-amz-security-token", "token");
  auto r = run(req, t_);
  ASSERT_FALSE(r);
  EXPECT_EQ(field(r.error(), "HeadersNotSigned"), "x-amz-security-token");
}

TEST_F(HeaderAuthTest, SignedSecurityTokenAccepted) {
  testing::Spec s;
  s.headers = {{"x-amz-security-token", "token"}};
  EXPECT_TRUE(run(testing::sign_v4_header(s), t_));
}

TEST_F(HeaderAuthTest, CredentialDateMustBeRequestDay) {
  auto req = testing::sign_v4_header({});
  testing::set_header(req, "X-Amz-Date", "20130523T235959Z");
  auto r = run(req, t_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "The authorization header is malformed; Invalid credential date. Date is not the "
            "same as X-Amz-Date.");
}

TEST_F(HeaderAuthTest, NoDateRefused) {
  auto req = testing::sign_v4_header({});
  testing::remove_header(req, "X-Amz-Date");
  auto r = run(req, t_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message, "AWS authentication requires a valid Date or x-amz-date header");
}

}  // namespace
}  // namespace s3sandbox::auth
