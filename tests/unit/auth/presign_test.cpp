// Presigned URLs made by the sandbox (auth/presign.hpp, the console's Share view): they verify
// through the server's own Authenticator, match an independent signer byte for byte, and a
// signed header sent with another value is refused.
#include "s3sandbox/auth/presign.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/auth/authenticator.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using namespace std::chrono_literals;
using testing::at;

PresignInput input(std::string method, std::string key) {
  PresignInput in;
  in.method = std::move(method);
  in.host = "localhost:9000";
  in.bucket = "media";
  in.key = std::move(key);
  in.now = at(testing::kDate);
  in.credential = {testing::kAk, testing::kSk};
  return in;
}

core::RequestView request_for(const PresignInput& in, const std::string& target) {
  core::RequestView r;
  r.method = in.method;
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.headers.push_back({"Host", in.host});
  for (const core::Header& h : in.headers) r.headers.push_back(h);
  return r;
}

class PresignTest : public ::testing::Test {
 protected:
  core::Result<AuthResult> run(const core::RequestView& r, core::TimePoint now) {
    clock_.set(now);
    return testing::authenticate(auth_, r);
  }
  core::FrozenClock clock_{at(testing::kDate)};
  Authenticator auth_{testing::options_with_default_key(), clock_};
};

TEST_F(PresignTest, SigV4MatchesAnIndependentSigner) {
  auto made = presign_sigv4(input("GET", "k"));
  ASSERT_TRUE(made);
  testing::Spec spec;  // GET /media/k at kDate for an hour
  EXPECT_EQ(made->target, testing::presign_v4(spec).target);
  EXPECT_EQ(made->canonical_request.substr(0, 13), "GET\n/media/k\n");
}

TEST_F(PresignTest, SigV4WithHeadersOverridesAndAwkwardKeyVerifies) {
  PresignInput in = input("PUT", "dir/a b+ü.txt");
  in.headers.push_back({"Content-Type", "image/png"});
  in.headers.push_back({"Content-Disposition", "attachment; filename=\"x.png\""});
  auto made = presign_sigv4(in);
  ASSERT_TRUE(made);
  EXPECT_NE(made->target.find("X-Amz-SignedHeaders=content-disposition%3Bcontent-type%3Bhost"),
            std::string::npos)
      << made->target;
  core::RequestView r = request_for(in, made->target);
  EXPECT_TRUE(run(r, in.now + 3599s));
  EXPECT_FALSE(run(r, in.now + 3600s));  // expired
  testing::set_header(r, "Content-Type", "text/plain");
  auto refused = run(r, in.now + 10s);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kSignatureDoesNotMatch);

  PresignInput get = input("GET", "dir/a b+ü.txt");
  get.query.push_back({"response-content-disposition", "attachment; filename=\"a b.txt\""});
  auto download = presign_sigv4(get);
  ASSERT_TRUE(download);
  EXPECT_TRUE(run(request_for(get, download->target), get.now + 1s));
}

TEST_F(PresignTest, SigV2Verifies) {
  PresignInput in = input("PUT", "a b.txt");
  in.headers.push_back({"Content-Type", "text/plain"});
  in.query.push_back({"response-cache-control", "no-cache"});
  in.method = "GET";
  in.headers.clear();
  auto made = presign_sigv2(in);
  ASSERT_TRUE(made);
  EXPECT_TRUE(run(request_for(in, made->target), in.now + 10s)) << made->string_to_sign;

  PresignInput put = input("PUT", "a b.txt");
  put.headers.push_back({"Content-Type", "text/plain"});
  auto upload = presign_sigv2(put);
  ASSERT_TRUE(upload);
  core::RequestView r = request_for(put, upload->target);
  EXPECT_TRUE(run(r, put.now + 10s));
  testing::set_header(r, "Content-Type", "image/png");
  EXPECT_FALSE(run(r, put.now + 10s));
}

TEST_F(PresignTest, ExpiryOutsideSigV4RangeRefused) {
  PresignInput in = input("GET", "k");
  in.expires_seconds = 604801;
  auto made = presign_sigv4(in);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, core::ErrorCode::kAuthorizationQueryParametersError);
  in.expires_seconds = 0;
  EXPECT_FALSE(presign_sigv4(in));
}

TEST_F(PresignTest, PostFormPinsBucketKeyAndFields) {
  PresignInput in = input("POST", "uploads/${filename}");
  in.headers.push_back({"Content-Type", "image/png"});
  auto form = presign_post(in, true);
  ASSERT_TRUE(form);
  EXPECT_EQ(form->target, "/media");
  EXPECT_NE(form->policy_json.find("[\"starts-with\",\"$key\",\"uploads/\"]"), std::string::npos)
      << form->policy_json;
  EXPECT_NE(form->policy_json.find("{\"Content-Type\":\"image/png\"}"), std::string::npos);
  EXPECT_EQ(form->fields.back().first, "x-amz-signature");
  EXPECT_EQ(form->fields.back().second.size(), 64u);
}

}  // namespace
}  // namespace s3sandbox::auth
