// The journal's facts read from the request: the authentication as presented (kind, access key,
// signed headers, expiry), the operation's numbers and the checksums promised.
#include "app/exchange_facts.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/router/router.hpp"
#include "unit/router/request_builder.hpp"

namespace s3sandbox::app {
namespace {

struct Routed {
  core::RequestView request;
  router::Operation op;
};

Routed routed(std::string method, std::string target, std::vector<core::Header> headers = {}) {
  Routed r;
  r.request = router::testing::make_request(std::move(method), std::move(target), "localhost:9000",
                                            std::move(headers));
  auto op = router::route(r.request, router::RouterOptions{});
  EXPECT_TRUE(op.has_value());
  if (op) r.op = std::move(*op);
  return r;
}

ExchangeFacts facts_of(const Routed& r) {
  ExchangeFacts f;
  describe_operation(f, r.op);
  describe_auth(f, r.op, r.request);
  describe_promises(f, r.op, r.request);
  return f;
}

TEST(ExchangeFactsTest, SigV4PresignedUrl) {
  const auto r = routed(
      "PUT",
      "/photos/uploads/cat.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101"
      "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=900"
      "&X-Amz-SignedHeaders=content-type%3Bhost&x-amz-checksum-crc32=AAAAAA%3D%3D"
      "&X-Amz-Signature=abc");
  const ExchangeFacts f = facts_of(r);
  EXPECT_EQ(f.operation, "PutObject");
  EXPECT_EQ(f.bucket, "photos");
  EXPECT_EQ(f.key, "uploads/cat.jpg");
  EXPECT_EQ(f.auth_kind, "sigv4-presigned");
  EXPECT_EQ(f.access_key, "AKID");
  EXPECT_EQ(f.signed_headers, "content-type;host");
  ASSERT_TRUE(f.expires);
  EXPECT_EQ(core::format_amz_date(*f.expires), "20240101T001500Z");
  EXPECT_EQ(f.checksums_promised, "crc32");
  EXPECT_TRUE(f.takes_body);
}

TEST(ExchangeFactsTest, SigV2PresignedUrl) {
  const auto r = routed("GET", "/b/k?AWSAccessKeyId=AK2&Expires=1700000000&Signature=x%3D",
                        {{"x-amz-meta-a", "1"}});
  const ExchangeFacts f = facts_of(r);
  EXPECT_EQ(f.auth_kind, "sigv2-presigned");
  EXPECT_EQ(f.access_key, "AK2");
  EXPECT_EQ(f.signed_headers, "content-md5;content-type;x-amz-meta-a");
  ASSERT_TRUE(f.expires);
  EXPECT_EQ(f.expires->time_since_epoch(), std::chrono::seconds(1'700'000'000));
  EXPECT_FALSE(f.takes_body);
}

TEST(ExchangeFactsTest, HeaderSignaturesAndAnonymous) {
  auto r = routed("PUT", "/b/k?partNumber=3&uploadId=u1",
                  {{"Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, "
                    "SignedHeaders=content-md5;host;x-amz-date, Signature=ff"},
                   {"Content-MD5", "abc"},
                   {"x-amz-content-sha256", std::string(64, 'a')},
                   {"x-amz-checksum-sha256", "x"}});
  ExchangeFacts f = facts_of(r);
  EXPECT_EQ(f.operation, "UploadPart");
  EXPECT_EQ(f.part_number, 3);
  EXPECT_EQ(f.auth_kind, "sigv4-header");
  EXPECT_EQ(f.access_key, "AKID");
  EXPECT_EQ(f.signed_headers, "content-md5;host;x-amz-date");
  EXPECT_FALSE(f.expires);
  EXPECT_EQ(f.checksums_promised, "md5,sha256-payload,sha256");

  r = routed("GET", "/b/k?versionId=v1", {{"Authorization", "AWS AK3:c2ln"}});
  f = facts_of(r);
  EXPECT_EQ(f.auth_kind, "sigv2-header");
  EXPECT_EQ(f.access_key, "AK3");
  EXPECT_EQ(f.signed_headers, "content-md5;content-type;date");
  EXPECT_EQ(f.version_id, "v1");

  r = routed("GET", "/b/k", {{"x-amz-trailer", "x-amz-checksum-crc32c"}});
  f = facts_of(r);
  EXPECT_EQ(f.auth_kind, "anonymous");
  EXPECT_TRUE(f.access_key.empty());
  EXPECT_EQ(f.checksums_promised, "crc32c");
}

TEST(ExchangeFactsTest, RedactedTargetBlanksSignaturesOnly) {
  core::RequestView r;
  r.path = "/b/k";
  r.query = "X-Amz-Signature=abc&x-amz-security-token=tok&Signature=s&versionId=v";
  std::string out;
  append_redacted_target(out, r);
  EXPECT_EQ(out,
            "/b/k?X-Amz-Signature=REDACTED&x-amz-security-token=REDACTED&Signature=REDACTED"
            "&versionId=v");
}

TEST(ExchangeFactsTest, RedactedTargetKeepsEverythingElseByteForByte) {
  const auto redacted = [](std::string_view path, std::string_view query) {
    core::RequestView r;
    r.path = path;
    r.query = query;
    std::string out = "GET ";  // appended to what is there
    append_redacted_target(out, r);
    return out;
  };
  EXPECT_EQ(redacted("/b/k", ""), "GET /b/k");
  EXPECT_EQ(redacted("/b", "list-type=2&&prefix=a%2Fb&"), "GET /b?list-type=2&&prefix=a%2Fb&");
  // A name without '=', a name that only contains a secret's name, an empty value, the last one.
  EXPECT_EQ(redacted("/b/k", "Signature&MySignature=x&X-Amz-Signature="),
            "GET /b/k?Signature&MySignature=x&X-Amz-Signature=REDACTED");
  EXPECT_EQ(redacted("/b/k", "a=1&X-Amz-Signature=0123abcd&b=2&Signature=zz"),
            "GET /b/k?a=1&X-Amz-Signature=REDACTED&b=2&Signature=REDACTED");
}

}  // namespace
}  // namespace s3sandbox::app
