// Diagnoses of SignatureDoesNotMatch: the variation that makes the signature match is named.
#include <gtest/gtest.h>

#include "s3sandbox/auth/authenticator.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using testing::at;

class DiagnosisTest : public ::testing::Test {
 protected:
  std::string diagnose(const core::RequestView& r) {
    auto result = testing::authenticate(auth_, r);
    if (result) return "accepted";
    EXPECT_EQ(result.error().code, core::ErrorCode::kSignatureDoesNotMatch);
    return result.error().diagnosis;
  }
  AuthOptions options() {
    AuthOptions o = testing::options_with_default_key();
    o.host_aliases = {"localhost:9000", "minio:9000"};
    return o;
  }
  core::FrozenClock clock_{at(testing::kDate)};
  Authenticator auth_{options(), clock_};
};

TEST_F(DiagnosisTest, NamesTheHostAliasTheUrlWasSignedFor) {
  testing::Spec s;
  s.host = "minio:9000";
  auto req = testing::presign_v4(s);
  testing::set_header(req, "Host", "localhost:9000");
  EXPECT_NE(diagnose(req).find(
                "This URL was signed for host 'minio:9000' but was sent to 'localhost:9000'."),
            std::string::npos);
}

TEST_F(DiagnosisTest, NamesADroppedPort) {
  testing::Spec s;
  s.host = "localhost";
  auto req = testing::presign_v4(s);
  testing::set_header(req, "Host", "localhost:8080");
  EXPECT_NE(diagnose(req).find("signed for host 'localhost' but was sent to 'localhost:8080'"),
            std::string::npos);
}

TEST_F(DiagnosisTest, NamesTheMethodTheUrlWasSignedFor) {
  auto req = testing::presign_v4({});  // GET
  req.method = "PUT";
  EXPECT_NE(diagnose(req).find("signed for GET, used with PUT"), std::string::npos);
}

TEST_F(DiagnosisTest, NamesContentTypeParametersAddedBySender) {
  testing::Spec s;
  s.method = "PUT";
  s.headers = {{"content-type", "text/plain"}};
  auto req = testing::presign_v4(s);
  testing::set_header(req, "content-type", "text/plain;charset=UTF-8");
  EXPECT_NE(diagnose(req).find("Content-Type was signed as 'text/plain' but sent as "
                               "'text/plain;charset=UTF-8'"),
            std::string::npos);
}

TEST_F(DiagnosisTest, NamesAPathReEncodedByAProxy) {
  testing::Spec s;
  s.path = "/media/a%20b";
  auto req = testing::presign_v4(s);
  req.path = "/media/a%2520b";
  EXPECT_NE(diagnose(req).find("signed as '/media/a%20b' but arrived as '/media/a%2520b'"),
            std::string::npos);
}

TEST_F(DiagnosisTest, OtherwiseLeadsWithTheSecretKey) {
  testing::Spec s;
  s.secret_key = "another-secret";
  std::string d = diagnose(testing::presign_v4(s));
  EXPECT_EQ(d.find("The signature was computed with a different secret key for access key '" +
                   std::string(testing::kAk) + "'"),
            0u)
      << d;
  EXPECT_EQ(d.find("host='"), std::string::npos) << "no list of signed headers first: " << d;
}

TEST_F(DiagnosisTest, UnusualSignedHeadersKeepTheGenericText) {
  testing::Spec s;
  s.secret_key = "another-secret";
  s.headers = {{"x-custom-thing", "1"}};
  std::string d = diagnose(testing::presign_v4(s));
  EXPECT_NE(d.find("No single change"), std::string::npos) << d;
  EXPECT_NE(d.find("x-custom-thing='1'"), std::string::npos) << d;
}

TEST_F(DiagnosisTest, NamesAWellKnownDefaultSecret) {
  testing::Spec s;
  s.secret_key = "minioadmin";
  std::string d = diagnose(testing::presign_v4(s));
  EXPECT_NE(d.find("different secret key"), std::string::npos) << d;
  EXPECT_NE(d.find("MinIO's default"), std::string::npos) << d;
}

TEST_F(DiagnosisTest, NamesTheAccessKeyWhoseSecretSigned) {
  AuthOptions o = options();
  o.credentials.add({"other-key", "other-secret"});
  Authenticator auth{o, clock_};
  testing::Spec s;
  s.secret_key = "other-secret";  // access key kAk, secret of other-key
  auto result = testing::authenticate(auth, testing::presign_v4(s));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().diagnosis.find("secret key of access key 'other-key'"),
            std::string::npos)
      << result.error().diagnosis;
  EXPECT_EQ(result.error().diagnosis.find("other-secret"), std::string::npos)
      << "a configured secret is never shown";
}

TEST_F(DiagnosisTest, NamesLoopbackNameMixUps) {
  testing::Spec s;
  s.host = "localhost:9000";
  auto req = testing::presign_v4(s);
  testing::set_header(req, "Host", "127.0.0.1:9000");
  std::string d = diagnose(req);
  EXPECT_NE(d.find("signed for host 'localhost:9000' but was sent to '127.0.0.1:9000'"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("localhost, 127.0.0.1 and [::1]"), std::string::npos) << d;
}

TEST_F(DiagnosisTest, NamesHostDockerInternal) {
  testing::Spec s;
  s.host = "host.docker.internal:9000";
  auto req = testing::presign_v4(s);
  testing::set_header(req, "Host", "localhost:9000");
  EXPECT_NE(diagnose(req).find("signed for host 'host.docker.internal:9000'"), std::string::npos);
}

TEST_F(DiagnosisTest, NamesAnExtraDefaultPort) {
  testing::Spec s;
  s.host = "localhost:80";
  auto req = testing::presign_v4(s);
  testing::set_header(req, "Host", "localhost");
  EXPECT_NE(diagnose(req).find("signed for host 'localhost:80' but was sent to 'localhost'"),
            std::string::npos);
}

TEST_F(DiagnosisTest, NamesVirtualHostedSignedSentPathStyle) {
  testing::Spec s;
  s.host = "media.localhost:9000";
  s.path = "/k";
  auto req = testing::presign_v4(s);
  testing::set_header(req, "Host", "localhost:9000");
  req.path = "/media/k";
  std::string d = diagnose(req);
  EXPECT_NE(d.find("signed virtual-hosted style, for host 'media.localhost:9000'"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("addressing_style"), std::string::npos) << d;
}

TEST_F(DiagnosisTest, NamesPathStyleSignedSentVirtualHosted) {
  testing::Spec s;  // localhost:9000, /media/k
  auto req = testing::presign_v4(s);
  testing::set_header(req, "Host", "media.localhost:9000");
  req.path = "/k";
  std::string d = diagnose(req);
  EXPECT_NE(d.find("signed path-style, for host 'localhost:9000' and path '/media/k'"),
            std::string::npos)
      << d;
}

TEST_F(DiagnosisTest, NamesTheSentSizeWhenContentLengthIsSigned) {
  testing::Spec s;
  s.method = "PUT";
  s.headers = {{"content-length", "1000"}};
  auto req = testing::presign_v4(s);
  testing::set_header(req, "content-length", "1500");
  std::string d = diagnose(req);
  EXPECT_EQ(d.find("Content-Length is part of this URL's signature and the body sent is 1500 "
                   "bytes"),
            0u)
      << d;
}

TEST_F(DiagnosisTest, NamesASignedContentTypeSentWithAnotherValue) {
  testing::Spec s;
  s.method = "PUT";
  s.headers = {{"content-type", "image/png"}};
  auto req = testing::presign_v4(s);
  testing::set_header(req, "content-type", "image/jpeg");
  std::string d = diagnose(req);
  EXPECT_NE(d.find("Content-Type was signed as 'image/png' but sent as 'image/jpeg'"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("trying common values"), std::string::npos) << "inferred, and says so: " << d;
}

TEST_F(DiagnosisTest, PathAsSentByTheSignerIsAccepted) {
  // botocore signs the path as it sends it; "%7E" re-encodes to "~" but must still verify.
  testing::Spec s;
  s.path = "/media/%7Etilde";
  core::RequestView req = testing::presign_v4(s);
  EXPECT_EQ(diagnose(req), "accepted");
}

}  // namespace
}  // namespace s3sandbox::auth
