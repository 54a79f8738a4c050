// Path-style vs virtual-hosted-style addressing and key decoding. S3 decodes the key once and
// never normalizes it ("//", "." and ".." are key bytes).
#include <gtest/gtest.h>

#include <string>

#include "request_builder.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::router {
namespace {

using testing::make_request;

Operation routed(const std::string& target, const std::string& host = "localhost:9000",
                 const RouterOptions& options = {}) {
  auto op = route(make_request("GET", target, host), options);
  EXPECT_TRUE(op) << target << " -> " << (op ? "" : op.error().info().code);
  return op ? *op : Operation{};
}

core::ErrorCode refusal(const std::string& target, const std::string& host = "localhost") {
  auto op = route(make_request("GET", target, host), {});
  EXPECT_FALSE(op) << target;
  return op ? core::ErrorCode::kInternalError : op.error().code;
}

TEST(AddressingTest, VirtualHostWithoutPort) {
  Operation op = routed("/photos/a.jpg", "media.localhost");
  EXPECT_TRUE(op.virtual_host);
  EXPECT_EQ(op.bucket, "media");
  EXPECT_EQ(op.key, "photos/a.jpg");
}

TEST(AddressingTest, VirtualHostWithPort) {
  Operation op = routed("/a.jpg", "media.localhost:9000");
  EXPECT_EQ(op.bucket, "media");
  EXPECT_EQ(op.key, "a.jpg");
}

TEST(AddressingTest, VirtualHostIsCaseInsensitive) {
  Operation op = routed("/a", "Media.LocalHost:9000");
  EXPECT_TRUE(op.virtual_host);
  EXPECT_EQ(op.bucket, "media");
}

TEST(AddressingTest, VirtualHostBucketMayContainDots) {
  Operation op = routed("/a", "my.bucket.localhost");
  EXPECT_EQ(op.bucket, "my.bucket");
}

TEST(AddressingTest, VirtualHostRootIsBucketLevel) {
  Operation op = routed("/", "media.localhost");
  EXPECT_EQ(op.kind, OpKind::kListObjects);
  EXPECT_EQ(op.bucket, "media");
  EXPECT_EQ(op.key, "");
}

TEST(AddressingTest, VirtualHostUsesLongestConfiguredDomain) {
  RouterOptions options;
  options.virtual_host_domains = {"localhost", "s3.localhost"};
  Operation op = routed("/k", "b.s3.localhost:9000", options);
  EXPECT_EQ(op.bucket, "b");
}

TEST(AddressingTest, ConfiguredDomainIsVirtualHosted) {
  RouterOptions options;
  options.virtual_host_domains = {"s3.local"};
  Operation op = routed("/k", "media.s3.local", options);
  EXPECT_TRUE(op.virtual_host);
  EXPECT_EQ(op.bucket, "media");
}

TEST(AddressingTest, BareDomainIsPathStyle) {
  Operation op = routed("/media/k", "localhost:9000");
  EXPECT_FALSE(op.virtual_host);
  EXPECT_EQ(op.bucket, "media");
  EXPECT_EQ(op.key, "k");
}

TEST(AddressingTest, IpHostIsPathStyle) {
  Operation op = routed("/media/k", "127.0.0.1:9000");
  EXPECT_FALSE(op.virtual_host);
  EXPECT_EQ(op.bucket, "media");
}

TEST(AddressingTest, Ipv6HostIsPathStyle) {
  Operation op = routed("/media/k", "[::1]:9000");
  EXPECT_FALSE(op.virtual_host);
  EXPECT_EQ(op.bucket, "media");
}

TEST(AddressingTest, UnknownDomainIsPathStyle) {
  Operation op = routed("/media/k", "media.example.com");
  EXPECT_FALSE(op.virtual_host);
  EXPECT_EQ(op.bucket, "media");
  EXPECT_EQ(op.key, "k");
}

TEST(AddressingTest, MissingHostIsPathStyle) {
  Operation op = routed("/media/k", "");
  EXPECT_EQ(op.bucket, "media");
}

TEST(AddressingTest, PathStyleTrailingSlashIsBucketLevel) {
  Operation op = routed("/media/");
  EXPECT_EQ(op.kind, OpKind::kListObjects);
  EXPECT_EQ(op.bucket, "media");
  EXPECT_EQ(op.key, "");
}

TEST(AddressingTest, PathStyleEmptyBucketIsNotValidatedHere) {
  Operation op = routed("//k");
  EXPECT_EQ(op.bucket, "");
  EXPECT_EQ(op.key, "k");
}

TEST(AddressingTest, DoubleSlashStaysInKey) {
  EXPECT_EQ(routed("/b/a//b").key, "a//b");
  EXPECT_EQ(routed("/b//lead").key, "/lead");
}

TEST(AddressingTest, DotSegmentsStayInKey) {
  EXPECT_EQ(routed("/b/a/../c/./d").key, "a/../c/./d");
  EXPECT_EQ(routed("/b/..").key, "..");
}

TEST(AddressingTest, PercentTwentyIsSpace) {
  EXPECT_EQ(routed("/b/my%20file.txt").key, "my file.txt");
}

TEST(AddressingTest, EncodedSlashStaysPartOfKey) {
  Operation op = routed("/b/a%2Fb");
  EXPECT_EQ(op.bucket, "b");
  EXPECT_EQ(op.key, "a/b");
}

TEST(AddressingTest, EncodedSlashDoesNotSplitBucket) {
  // "/b%2Fk" is one path segment: the bucket "b/k" (which CreateBucket would refuse).
  Operation op = routed("/b%2Fk");
  EXPECT_EQ(op.bucket, "b/k");
  EXPECT_EQ(op.key, "");
}

TEST(AddressingTest, PlusInPathIsLiteral) { EXPECT_EQ(routed("/b/a+b").key, "a+b"); }

TEST(AddressingTest, EncodedPercentDecodesOnce) { EXPECT_EQ(routed("/b/100%2525").key, "100%25"); }

TEST(AddressingTest, Utf8KeyDecodes) {
  EXPECT_EQ(routed("/b/%C3%A9t%C3%A9").key, "\xC3\xA9t\xC3\xA9");
}

TEST(AddressingTest, TruncatedEscapeIsInvalidUri) {
  EXPECT_EQ(refusal("/b/a%2"), core::ErrorCode::kInvalidURI);
  EXPECT_EQ(refusal("/b/a%"), core::ErrorCode::kInvalidURI);
}

TEST(AddressingTest, NonHexEscapeIsInvalidUri) {
  EXPECT_EQ(refusal("/b/a%zz"), core::ErrorCode::kInvalidURI);
}

TEST(AddressingTest, BadEscapeInVirtualHostKeyIsInvalidUri) {
  EXPECT_EQ(refusal("/a%G1", "b.localhost"), core::ErrorCode::kInvalidURI);
}

TEST(AddressingTest, BadEscapeInBucketIsInvalidUri) {
  EXPECT_EQ(refusal("/b%x/k"), core::ErrorCode::kInvalidURI);
}

TEST(AddressingTest, NulInKeyIsInvalidUri) {
  EXPECT_EQ(refusal("/b/a%00b"), core::ErrorCode::kInvalidURI);
}

TEST(AddressingTest, InvalidUtf8InKeyIsInvalidUri) {
  EXPECT_EQ(refusal("/b/%FF"), core::ErrorCode::kInvalidURI);
  EXPECT_EQ(refusal("/b/%C3"), core::ErrorCode::kInvalidURI);        // truncated sequence
  EXPECT_EQ(refusal("/b/%C0%AF"), core::ErrorCode::kInvalidURI);     // overlong '/'
  EXPECT_EQ(refusal("/b/%ED%A0%80"), core::ErrorCode::kInvalidURI);  // UTF-16 surrogate
}

TEST(AddressingTest, FourByteUtf8KeyIsAccepted) {
  EXPECT_EQ(routed("/b/%F0%9F%98%80").key, "\xF0\x9F\x98\x80");
}

TEST(AddressingTest, KeyOf1024BytesIsAccepted) {
  EXPECT_EQ(routed("/b/" + std::string(1024, 'k')).key.size(), 1024u);
}

TEST(AddressingTest, KeyOf1025BytesIsTooLong) {
  EXPECT_EQ(refusal("/b/" + std::string(1025, 'k')), core::ErrorCode::kKeyTooLongError);
}

TEST(AddressingTest, KeyLengthCountsDecodedBytes) {
  // 512 two-byte characters, each sent as six escaped characters: 1024 bytes decoded.
  std::string key;
  for (int i = 0; i < 512; ++i) key += "%C3%A9";
  EXPECT_EQ(routed("/b/" + key).key.size(), 1024u);
  EXPECT_EQ(refusal("/b/" + key + "x"), core::ErrorCode::kKeyTooLongError);
}

TEST(AddressingTest, PathWithoutLeadingSlashIsInvalidUri) {
  EXPECT_EQ(refusal("b/k"), core::ErrorCode::kInvalidURI);
}

}  // namespace
}  // namespace s3sandbox::router
