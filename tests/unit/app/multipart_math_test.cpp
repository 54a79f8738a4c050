// Multipart ETag and checksum composition, checked against values computed independently here
// from the definitions in the S3 User Guide (and, for full-object CRCs, from the whole bytes).
#include "app/multipart_math.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {
namespace {

using crypto::ChecksumAlgorithm;

std::string part(int seed, std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 31 + seed * 7) & 0xff);
  return s;
}

TEST(CompositeEtagTest, IsMd5OfConcatenatedBinaryPartMd5sWithPartCount) {
  std::string a = part(1, 5000), b = part(2, 300);
  std::string expected = crypto::hex_encode(crypto::md5(crypto::md5(a) + crypto::md5(b))) + "-2";
  EXPECT_EQ(
      composite_etag({crypto::hex_encode(crypto::md5(a)), crypto::hex_encode(crypto::md5(b))}),
      expected);
}

TEST(CompositeEtagTest, SinglePartStillCarriesItsCount) {
  std::string a = part(3, 10);
  std::string md5_hex = crypto::hex_encode(crypto::md5(a));
  EXPECT_EQ(composite_etag({md5_hex}), crypto::hex_encode(crypto::md5(crypto::md5(a))) + "-1");
}

TEST(CompositeChecksumTest, Sha256IsDigestOfConcatenatedRawPartDigests) {
  std::string a = part(4, 1000), b = part(5, 2000), c = part(6, 1);
  std::vector<std::string> parts = {crypto::base64_encode(crypto::sha256(a)),
                                    crypto::base64_encode(crypto::sha256(b)),
                                    crypto::base64_encode(crypto::sha256(c))};
  std::string expected = crypto::base64_encode(crypto::sha256(
                             crypto::sha256(a) + crypto::sha256(b) + crypto::sha256(c))) +
                         "-3";
  EXPECT_EQ(composite_checksum(ChecksumAlgorithm::kSha256, parts), expected);
}

TEST(CompositeChecksumTest, Crc32IsCrcOfConcatenatedRawPartCrcs) {
  std::string a = part(7, 100), b = part(8, 200);
  std::string raw_a = *crypto::base64_decode(crypto::checksum_base64(ChecksumAlgorithm::kCrc32, a));
  std::string raw_b = *crypto::base64_decode(crypto::checksum_base64(ChecksumAlgorithm::kCrc32, b));
  EXPECT_EQ(composite_checksum(ChecksumAlgorithm::kCrc32,
                               {crypto::base64_encode(raw_a), crypto::base64_encode(raw_b)}),
            crypto::checksum_base64(ChecksumAlgorithm::kCrc32, raw_a + raw_b) + "-2");
}

TEST(CompositeChecksumTest, InvalidPartValueIsRefused) {
  EXPECT_FALSE(composite_checksum(ChecksumAlgorithm::kSha1, {"AAAA"}));
}

class FullObjectCrcTest : public ::testing::TestWithParam<ChecksumAlgorithm> {};

TEST_P(FullObjectCrcTest, EqualsTheCrcOfTheWholeObject) {
  ChecksumAlgorithm a = GetParam();
  std::vector<std::string> bytes = {part(1, 70000), part(2, 1), part(3, 0), part(4, 12345)};
  std::vector<PartCrc> parts;
  std::string whole;
  for (const std::string& b : bytes) {
    parts.push_back({crypto::checksum_base64(a, b), b.size()});
    whole += b;
  }
  EXPECT_EQ(full_object_crc(a, parts), crypto::checksum_base64(a, whole));
}

INSTANTIATE_TEST_SUITE_P(Crcs, FullObjectCrcTest,
                         ::testing::Values(ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c,
                                           ChecksumAlgorithm::kCrc64Nvme));

TEST(FullObjectCrcTest, ShaHasNoFullObjectForm) {
  EXPECT_FALSE(full_object_crc(ChecksumAlgorithm::kSha256, {{"x", 1}}));
}

}  // namespace
}  // namespace s3sandbox::app
