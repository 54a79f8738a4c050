// Presigned SigV4 (query) verification: boundaries with a frozen clock and S3's refusals.
#include <gtest/gtest.h>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/query.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using namespace std::chrono_literals;
using core::ErrorCode;
using testing::at;
using testing::field;

class PresignedTest : public ::testing::Test {
 protected:
  core::Result<AuthResult> run(const core::RequestView& r, core::TimePoint now) {
    clock_.set(now);
    return testing::authenticate(auth_, r);
  }
  core::FrozenClock clock_{at(testing::kDate)};
  Authenticator auth_{testing::options_with_default_key(), clock_};
  core::TimePoint signed_at_ = at(testing::kDate);
};

TEST_F(PresignedTest, ValidOneSecondBeforeExpiry) {
  testing::Spec s;
  s.expires = 600;
  EXPECT_TRUE(run(testing::presign_v4(s), signed_at_ + 599s));
}

TEST_F(PresignedTest, ExpiredAtDatePlusExpires) {
  testing::Spec s;
  s.expires = 600;
  auto r = run(testing::presign_v4(s), signed_at_ + 600s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message, "Request has expired");
  EXPECT_EQ(field(r.error(), "X-Amz-Expires"), "600");
  EXPECT_EQ(field(r.error(), "Expires"), "2013-05-24T00:10:00Z");
  EXPECT_EQ(field(r.error(), "ServerTime"), "2013-05-24T00:10:00Z");
  EXPECT_NE(r.error().diagnosis.find("expired 0 s ago"), std::string::npos);
}

TEST_F(PresignedTest, ExpiryDiagnosisSaysByHowLong) {
  testing::Spec s;
  s.expires = 60;
  auto r = run(testing::presign_v4(s), signed_at_ + 2h + 60s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().diagnosis.find("expired 2 h ago"), std::string::npos) << r.error().diagnosis;
}

TEST_F(PresignedTest, Expires604800Accepted) {
  testing::Spec s;
  s.expires = 604800;
  EXPECT_TRUE(run(testing::presign_v4(s), signed_at_ + 604799s));
}

TEST_F(PresignedTest, Expires604801Refused) {
  testing::Spec s;
  s.expires = 604801;
  auto r = run(testing::presign_v4(s), signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationQueryParametersError);
  EXPECT_EQ(r.error().message,
            "X-Amz-Expires must be less than a week (in seconds); that is, the given "
            "X-Amz-Expires must be less than 604800 seconds");
}

TEST_F(PresignedTest, ExpiresZeroRefused) {
  testing::Spec s;
  s.expires = 0;
  auto r = run(testing::presign_v4(s), signed_at_ - 10s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
}

TEST_F(PresignedTest, NegativeExpiresRefused) {
  auto req = testing::presign_v4({});
  testing::set_query_param(req, "X-Amz-Expires", "-1");
  auto r = run(req, signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationQueryParametersError);
  EXPECT_EQ(r.error().message, "X-Amz-Expires must be non-negative");
}

TEST_F(PresignedTest, MissingParameterRefused) {
  auto req = testing::presign_v4({});
  req.query = req.query.substr(0, req.query.find("&X-Amz-Signature="));
  auto r = run(req, signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationQueryParametersError);
  EXPECT_EQ(r.error().message,
            "Query-string authentication version 4 requires the X-Amz-Algorithm, "
            "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
            "X-Amz-Expires parameters.");
}

TEST_F(PresignedTest, DatedFifteenMinutesAheadAccepted) {
  EXPECT_TRUE(run(testing::presign_v4({}), signed_at_ - 15min));
}

TEST_F(PresignedTest, DatedFifteenMinutesAndOneSecondAheadRefused) {
  auto r = run(testing::presign_v4({}), signed_at_ - 15min - 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message, "Request is not yet valid");
  EXPECT_EQ(field(r.error(), "X-Amz-Date"), "1369353600000");
}

TEST_F(PresignedTest, SignedHeaderNotSentIsSignatureMismatchNamingIt) {
  testing::Spec s;
  s.method = "PUT";
  s.headers = {{"content-type", "image/png"}, {"content-disposition", "attachment"}};
  auto req = testing::presign_v4(s);
  testing::remove_header(req, "content-type");
  auto r = run(req, signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kSignatureDoesNotMatch);
  EXPECT_NE(r.error().diagnosis.find("'content-type' but the request did not send it"),
            std::string::npos)
      << r.error().diagnosis;
}

TEST_F(PresignedTest, SignedHeadersSentWithSignedValuesAccepted) {
  testing::Spec s;
  s.method = "PUT";
  s.headers = {{"content-type", "image/png"}};
  EXPECT_TRUE(run(testing::presign_v4(s), signed_at_));
}

TEST_F(PresignedTest, UnsignedAmzHeaderRefused) {
  auto req = testing::presign_v4({});
  testing::set_header(req, "x-amz-meta-owner", "bob");
  auto r = run(req, signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message, "There were headers present in the request which were not signed");
  EXPECT_EQ(field(r.error(), "HeadersNotSigned"), "x-amz-meta-owner");
}

TEST_F(PresignedTest, WrongRegionNamesTheExpectedOne) {
  testing::Spec s;
  s.region = "eu-west-1";
  auto r = run(testing::presign_v4(s), signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuthorizationQueryParametersError);
  EXPECT_EQ(r.error().message,
            "Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; "
            "expecting 'us-east-1'");
  EXPECT_EQ(field(r.error(), "Region"), "us-east-1");
}

TEST_F(PresignedTest, AnyRegionAcceptsOtherRegions) {
  AuthOptions o = testing::options_with_default_key();
  o.any_region = true;
  Authenticator any(o, clock_);
  testing::Spec s;
  s.region = "eu-west-1";
  EXPECT_TRUE(testing::authenticate(any, testing::presign_v4(s)));
}

TEST_F(PresignedTest, UnknownAccessKeyRefused) {
  testing::Spec s;
  s.access_key = "AKIDUNKNOWN";
  auto r = run(testing::presign_v4(s), signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidAccessKeyId);
  EXPECT_EQ(r.error().info().http_status, 403);
  EXPECT_EQ(field(r.error(), "AWSAccessKeyId"), "AKIDUNKNOWN");
}

TEST_F(PresignedTest, TamperedSignatureRefusedWithS3Fields) {
  auto req = testing::presign_v4({});
  testing::set_query_param(req, "X-Amz-Signature", std::string(64, '0'));
  auto r = run(req, signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kSignatureDoesNotMatch);
  EXPECT_EQ(field(r.error(), "AWSAccessKeyId"), testing::kAk);
  EXPECT_EQ(field(r.error(), "SignatureProvided"), std::string(64, '0'));
  std::string sts = field(r.error(), "StringToSign");
  EXPECT_EQ(sts.substr(0, 34), "AWS4-HMAC-SHA256\n20130524T000000Z\n");
  EXPECT_EQ(field(r.error(), "StringToSignBytes").substr(0, 11), "41 57 53 34");
  EXPECT_EQ(field(r.error(), "CanonicalRequest").substr(0, 12), "GET\n/media/k");
  EXPECT_FALSE(field(r.error(), "CanonicalRequestBytes").empty());
}

TEST_F(PresignedTest, HostNotSignedRefused) {
  auto req = testing::presign_v4({});
  testing::set_query_param(req, "X-Amz-SignedHeaders", "x-amz-date");
  auto r = run(req, signed_at_);
  ASSERT_FALSE(r);
  EXPECT_EQ(field(r.error(), "HeadersNotSigned"), "host");
}

// A literal '+' in the query is signed as itself (%2B in the canonical query), not as the space
// S3's handlers read it as: the authenticator reads the router's parse by its signed reading.
TEST_F(PresignedTest, LiteralPlusInQueryIsSignedAsPlus) {
  testing::Spec s;
  s.query = "response-content-disposition=attachment%3B+filename%3Da+b.txt";
  core::RequestView r = testing::presign_v4(s);
  EXPECT_NE(r.query.find("a+b.txt"), std::string::npos);
  auto ok = run(r, signed_at_);
  EXPECT_TRUE(ok) << ok.error().diagnosis;
  // The same URL with the '+' written as a space (%20) carries another canonical query.
  std::string spaced = r.query;
  for (std::size_t at; (at = spaced.find('+')) != std::string::npos;) spaced.replace(at, 1, "%20");
  r.query = spaced;
  auto refused = run(r, signed_at_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kSignatureDoesNotMatch);
}

// The authenticator reads the query the router parsed, never RequestView::query: without it a
// presigned URL is just an unsigned request.
TEST_F(PresignedTest, ReadsTheParsedQueryNotTheRawOne) {
  core::RequestView r = testing::presign_v4({});
  auto r_without = auth_.authenticate(r, {});
  ASSERT_FALSE(r_without);
  EXPECT_EQ(r_without.error().code, ErrorCode::kAccessDenied);
  EXPECT_NE(r_without.error().diagnosis.find("not signed"), std::string::npos);
  auto parsed = core::parse_query(r.query);
  ASSERT_TRUE(parsed);
  AuthContext context;
  context.query = parsed->params;
  EXPECT_TRUE(auth_.authenticate(r, context));
}

}  // namespace
}  // namespace s3sandbox::auth
