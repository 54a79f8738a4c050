// Authenticator composition: scheme selection, anonymous requests and enforcement modes.
#include "s3sandbox/auth/authenticator.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/auth/signing_key_cache.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using testing::at;

core::RequestView anonymous_get() {
  core::RequestView r;
  r.method = "GET";
  r.path = r.target = "/media/k";
  r.headers.push_back({"Host", "localhost:9000"});
  return r;
}

TEST(AuthenticatorTest, AnonymousRefusedInStrictMode) {
  core::FrozenClock clock(at(testing::kDate));
  Authenticator auth(testing::options_with_default_key(), clock);
  auto r = testing::authenticate(auth, anonymous_get());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kAccessDenied);
  EXPECT_EQ(r.error().effective_message(), "Access Denied");
  EXPECT_FALSE(r.error().diagnosis.empty());
}

TEST(AuthenticatorTest, WarnModeAcceptsAndReportsTheFailure) {
  core::FrozenClock clock(at(testing::kDate) + std::chrono::hours(3));
  Authenticator auth(testing::options_with_default_key(AuthMode::kWarn), clock);
  auto r = testing::authenticate(auth, testing::presign_v4({}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->scheme, "sigv4-query");
  ASSERT_TRUE(r->warning);
  EXPECT_EQ(r->warning->message, "Request has expired");
  EXPECT_TRUE(r->seed_signature.empty());
}

TEST(AuthenticatorTest, WarnModeReportsAnonymousRequests) {
  core::FrozenClock clock(at(testing::kDate));
  Authenticator auth(testing::options_with_default_key(AuthMode::kWarn), clock);
  auto r = testing::authenticate(auth, anonymous_get());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->scheme, "anonymous");
  EXPECT_TRUE(r->warning);
}

TEST(AuthenticatorTest, OffModeAcceptsAnonymousSilently) {
  core::FrozenClock clock(at(testing::kDate));
  Authenticator auth(testing::options_with_default_key(AuthMode::kOff), clock);
  auto r = testing::authenticate(auth, anonymous_get());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->scheme, "anonymous");
  EXPECT_FALSE(r->warning);
}

TEST(AuthenticatorTest, ValidRequestHasNoWarning) {
  core::FrozenClock clock(at(testing::kDate));
  Authenticator auth(testing::options_with_default_key(AuthMode::kWarn), clock);
  auto r = testing::authenticate(auth, testing::presign_v4({}));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->warning);
  EXPECT_EQ(r->access_key, testing::kAk);
}

TEST(AuthenticatorTest, QueryAndHeaderTogetherRefused) {
  core::FrozenClock clock(at(testing::kDate));
  Authenticator auth(testing::options_with_default_key(), clock);
  auto req = testing::presign_v4({});
  testing::set_header(req, "Authorization", "AWS AK:sig");
  auto r = testing::authenticate(auth, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(SigningKeyCacheTest, DerivesOncePerScope) {
  SigningKeyCache cache;
  std::string a = cache.get("AK", "secret", "20130524", "us-east-1", "s3");
  EXPECT_EQ(cache.get("AK", "secret", "20130524", "us-east-1", "s3"), a);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.get("AK", "secret", "20130525", "us-east-1", "s3").size(), a.size());
  EXPECT_EQ(cache.size(), 2u);
}

TEST(SigningKeyCacheTest, ARotatedSecretNeverGetsTheOldKey) {
  SigningKeyCache cache;
  const std::string old_key = cache.get("AK", "secret", "20130524", "us-east-1", "s3");
  const std::string new_key = cache.get("AK", "rotated", "20130524", "us-east-1", "s3");
  EXPECT_NE(new_key, old_key);
  EXPECT_EQ(new_key, derive_signing_key("rotated", "20130524", "us-east-1", "s3"));
  EXPECT_EQ(cache.get("AK", "secret", "20130524", "us-east-1", "s3"), old_key);
}

}  // namespace
}  // namespace s3sandbox::auth
