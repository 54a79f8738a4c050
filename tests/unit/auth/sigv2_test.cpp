// SigV2 header and query verification, including the expiry boundary.
#include "auth/sigv2.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/query.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using namespace std::chrono_literals;
using testing::field;

constexpr long long kNow = 1369353600;  // 2013-05-24T00:00:00Z
const AuthContext kMedia{"media", false, "k"};

class SigV2Test : public ::testing::Test {
 protected:
  core::Result<AuthResult> run(const core::RequestView& r, long long now) {
    clock_.set(core::TimePoint(std::chrono::seconds(now)));
    return testing::authenticate(auth_, r, kMedia);
  }
  core::FrozenClock clock_{core::TimePoint(std::chrono::seconds(kNow))};
  Authenticator auth_{testing::options_with_default_key(), clock_};
};

TEST_F(SigV2Test, QueryValidOneSecondBeforeExpires) {
  auto r = run(testing::presign_v2({}, kNow + 600), kNow + 599);
  ASSERT_TRUE(r) << r.error().diagnosis;
  EXPECT_EQ(r->scheme, "sigv2-query");
}

TEST_F(SigV2Test, QueryExpiredAtExpires) {
  auto r = run(testing::presign_v2({}, kNow + 600), kNow + 600);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().message, "Request has expired");
  EXPECT_EQ(field(r.error(), "Expires"), "2013-05-24T00:10:00Z");
  EXPECT_EQ(field(r.error(), "ServerTime"), "2013-05-24T00:10:00Z");
  EXPECT_EQ(field(r.error(), "X-Amz-Expires"), "");
}

// Found by fuzzing: an Expires beyond what a TimePoint holds must not overflow; S3 accepts
// SigV2 URLs valid for decades.
TEST_F(SigV2Test, QueryWithFarFutureExpiresIsValid) {
  auto r = run(testing::presign_v2({}, 13369357200LL), kNow);
  EXPECT_TRUE(r) << (r ? "" : r.error().diagnosis);
}

TEST_F(SigV2Test, QueryTamperedSignatureRefused) {
  auto req = testing::presign_v2({}, kNow + 600);
  testing::set_query_param(req, "Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D");
  auto r = run(req, kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kSignatureDoesNotMatch);
  EXPECT_EQ(field(r.error(), "StringToSign"), "GET\n\n\n1369354200\n/media/k");
}

TEST_F(SigV2Test, QueryWrongMethodDiagnosed) {
  auto req = testing::presign_v2({}, kNow + 600);
  req.method = "PUT";
  auto r = run(req, kNow);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().diagnosis.find("signed for GET, used with PUT"), std::string::npos);
}

TEST_F(SigV2Test, QueryUnknownKeyRefused) {
  testing::Spec s;
  s.access_key = "NOPE";
  auto r = run(testing::presign_v2(s, kNow + 600), kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidAccessKeyId);
}

TEST_F(SigV2Test, HeaderAccepted) {
  auto r = run(testing::sign_v2_header({}, "Fri, 24 May 2013 00:00:00 GMT"), kNow);
  ASSERT_TRUE(r) << r.error().diagnosis;
  EXPECT_EQ(r->scheme, "sigv2-header");
}

TEST_F(SigV2Test, HeaderSkewBoundary) {
  auto req = testing::sign_v2_header({}, "Fri, 24 May 2013 00:00:00 GMT");
  EXPECT_TRUE(run(req, kNow + 900));
  auto r = run(req, kNow + 901);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kRequestTimeTooSkewed);
}

TEST_F(SigV2Test, MalformedHeaderRefused) {
  auto req = testing::sign_v2_header({}, "Fri, 24 May 2013 00:00:00 GMT");
  testing::set_header(req, "Authorization", "AWS nocolon");
  auto r = run(req, kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(SigV2ResourceTest, VirtualHostPrefixesBucketAndKeepsSubResourcesSorted) {
  auto params = *core::parse_query("versionId=3&prefix=x&acl");
  EXPECT_EQ(sigv2_canonical_resource("/k", params.params, {"media", true, "k"}),
            "/media/k?acl&versionId=3");
}

TEST(SigV2ResourceTest, BucketItselfWithAndWithoutTrailingSlash) {
  auto params = *core::parse_query("");
  EXPECT_EQ(sigv2_canonical_resource("/media", params.params, {"media", false, ""}), "/media");
  EXPECT_EQ(sigv2_canonical_resource("/media", params.params, {"media", false, ""}, true),
            "/media/");
  EXPECT_EQ(sigv2_canonical_resource("/media/", params.params, {"media", false, ""}, true),
            "/media/");
  EXPECT_EQ(sigv2_canonical_resource("/", params.params, {"media", true, ""}, true), "/media/");
  EXPECT_EQ(sigv2_canonical_resource("/", params.params, {"", false, ""}, true), "/");
  EXPECT_EQ(sigv2_canonical_resource("/media/k", params.params, {"media", false, "k"}, true),
            "/media/k");
}

TEST_F(SigV2Test, BucketRequestSignedWithTrailingSlashIsAccepted) {
  // botocore 1.26 signs CreateBucket's resource as "/media/" while sending PUT /media.
  testing::Spec spec;
  spec.method = "PUT";
  spec.path = "/media/";
  core::RequestView req = testing::sign_v2_header(spec, "Fri, 24 May 2013 00:00:00 GMT");
  req.path = "/media";
  req.target = "/media";
  auto r = testing::authenticate(auth_, req, {"media", false, ""});
  EXPECT_TRUE(r) << r.error().diagnosis;
}

// A base64 Signature sent with a literal '+' (not %2B) verifies: authentication reads the
// parameter as signed, where S3's reading for handlers would have made the '+' a space.
TEST_F(SigV2Test, QuerySignatureWithLiteralPlusVerifies) {
  for (long long expires = kNow + 600; expires < kNow + 700; ++expires) {
    core::RequestView req = testing::presign_v2({}, expires);
    auto at = req.query.find("%2B");
    if (at == std::string::npos) continue;  // this signature has no '+'
    while (at != std::string::npos) {
      req.query.replace(at, 3, "+");
      at = req.query.find("%2B");
    }
    req.target = req.path + "?" + req.query;
    auto r = run(req, kNow);
    EXPECT_TRUE(r) << r.error().diagnosis;
    return;
  }
  FAIL() << "no signature with a '+' in 100 tries";
}

}  // namespace
}  // namespace s3sandbox::auth
