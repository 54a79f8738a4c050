#include "s3sandbox/crypto/encoding.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::crypto {
namespace {

TEST(DigestTest, KnownVectors) {
  EXPECT_EQ(hex_encode(md5("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(hex_encode(sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(DigestTest, IncrementalEqualsOneShot) {
  Digest d(DigestKind::kMd5);
  d.update(std::string_view("hello "));
  d.update(std::string_view("world"));
  EXPECT_EQ(d.finish(), md5("hello world"));
}

TEST(HmacTest, Rfc4231Case2) {
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// A key longer than the block is hashed first (RFC 4231 case 6).
TEST(HmacTest, Rfc4231Case6KeyLongerThanBlock) {
  EXPECT_EQ(hex_encode(hmac_sha256(std::string(131, '\xaa'),
                                   "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacTest, EmptyKeyAndMessage) {
  EXPECT_EQ(hex_encode(hmac_sha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HmacTest, Sha1Rfc2202Case6KeyLongerThanBlock) {
  EXPECT_EQ(hex_encode(hmac_sha1(std::string(80, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(HmacTest, Sha1Rfc2202Case2) {
  EXPECT_EQ(hex_encode(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST(Base64Test, RoundTripsAllPaddings) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(base64_decode(base64_encode(s)), s);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
}

TEST(Base64Test, RejectsMalformed) {
  EXPECT_FALSE(base64_decode("Zm9"));
  EXPECT_FALSE(base64_decode("Z=9v"));
  EXPECT_FALSE(base64_decode("Zm9v!mFy"));
}

TEST(HexTest, DecodeRejectsOddAndNonHex) {
  EXPECT_EQ(hex_decode("00ff"), std::string("\x00\xff", 2));
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("zz"));
}

TEST(ConstantTimeEqualTest, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace s3sandbox::crypto
