#include "s3sandbox/crypto/checksum.hpp"

#include <gtest/gtest.h>

#include <boost/crc.hpp>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::crypto {
namespace {

using A = ChecksumAlgorithm;

constexpr A kCrcs[] = {A::kCrc32, A::kCrc32c, A::kCrc64Nvme};

// Deterministic pseudo-random bytes: tests must not depend on the clock or on a run.
std::string random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(gen() & 0xFF);
  return out;
}

std::string raw_of(A a, std::string_view data) {
  Checksummer c(a);
  c.update(data);
  return c.finish_raw();
}

std::string big_endian(std::uint64_t v, std::size_t bytes) {
  std::string out(bytes, '\0');
  for (std::size_t i = 0; i < bytes; ++i) out[bytes - 1 - i] = static_cast<char>(v >> (8 * i));
  return out;
}

// Independent reference: Boost.CRC, bit-by-bit definitions of the three S3 CRCs.
std::string boost_raw(A a, std::string_view data) {
  switch (a) {
    case A::kCrc32: {
      boost::crc_32_type c;
      c.process_bytes(data.data(), data.size());
      return big_endian(c.checksum(), 4);
    }
    case A::kCrc32c: {
      boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> c;
      c.process_bytes(data.data(), data.size());
      return big_endian(c.checksum(), 4);
    }
    default: {
      boost::crc_optimal<64, 0xAD93D23594C93659, ~0ULL, ~0ULL, true, true> c;
      c.process_bytes(data.data(), data.size());
      return big_endian(c.checksum(), 8);
    }
  }
}

// --- names and headers -------------------------------------------------------------------------

TEST(ChecksumNameTest, NamesAreTheS3AlgorithmValues) {
  EXPECT_EQ(checksum_name(A::kCrc32), "CRC32");
  EXPECT_EQ(checksum_name(A::kCrc32c), "CRC32C");
  EXPECT_EQ(checksum_name(A::kCrc64Nvme), "CRC64NVME");
  EXPECT_EQ(checksum_name(A::kSha1), "SHA1");
  EXPECT_EQ(checksum_name(A::kSha256), "SHA256");
}

TEST(ChecksumNameTest, HeadersAreLowerCaseXAmzChecksum) {
  EXPECT_EQ(checksum_header(A::kCrc32), "x-amz-checksum-crc32");
  EXPECT_EQ(checksum_header(A::kCrc32c), "x-amz-checksum-crc32c");
  EXPECT_EQ(checksum_header(A::kCrc64Nvme), "x-amz-checksum-crc64nvme");
  EXPECT_EQ(checksum_header(A::kSha1), "x-amz-checksum-sha1");
  EXPECT_EQ(checksum_header(A::kSha256), "x-amz-checksum-sha256");
}

TEST(ChecksumNameTest, AllAlgorithmsListsEachOnceInEnumOrder) {
  ASSERT_EQ(kAllChecksumAlgorithms.size(), 5u);
  for (std::size_t i = 0; i < kAllChecksumAlgorithms.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(kAllChecksumAlgorithms[i]), i);
  }
}

TEST(ChecksumNameTest, NameAndHeaderRoundTripForEveryAlgorithm) {
  for (A a : kAllChecksumAlgorithms) {
    EXPECT_EQ(parse_checksum_name(checksum_name(a)), a) << checksum_name(a);
    EXPECT_EQ(checksum_from_header(checksum_header(a)), a) << checksum_header(a);
  }
}

TEST(ChecksumNameTest, ParseNameIsCaseInsensitive) {
  EXPECT_EQ(parse_checksum_name("crc32c"), A::kCrc32c);
  EXPECT_EQ(parse_checksum_name("Crc64Nvme"), A::kCrc64Nvme);
  EXPECT_EQ(parse_checksum_name("sha256"), A::kSha256);
}

TEST(ChecksumNameTest, ParseNameRejectsOtherNames) {
  for (std::string_view bad :
       {"", "CRC", "CRC64", "CRC32 ", " CRC32", "MD5", "SHA-256", "SHA512", "CRC32CC"}) {
    EXPECT_FALSE(parse_checksum_name(bad)) << bad;
  }
  EXPECT_FALSE(parse_checksum_name(std::string_view("CRC32\0", 6)));
}

TEST(ChecksumNameTest, HeaderLookupIsCaseInsensitive) {
  EXPECT_EQ(checksum_from_header("X-Amz-Checksum-CRC32C"), A::kCrc32c);
  EXPECT_EQ(checksum_from_header("X-AMZ-CHECKSUM-SHA1"), A::kSha1);
}

TEST(ChecksumNameTest, HeaderLookupRejectsTheOtherChecksumHeaders) {
  for (std::string_view bad :
       {"x-amz-checksum-algorithm", "x-amz-sdk-checksum-algorithm", "x-amz-checksum-type",
        "x-amz-checksum-mode", "x-amz-checksum-md5", "x-amz-checksum-", "crc32", "content-md5"}) {
    EXPECT_FALSE(checksum_from_header(bad)) << bad;
  }
}

TEST(ChecksumNameTest, SizesAreTheRawDigestWidths) {
  EXPECT_EQ(checksum_size(A::kCrc32), 4u);
  EXPECT_EQ(checksum_size(A::kCrc32c), 4u);
  EXPECT_EQ(checksum_size(A::kCrc64Nvme), 8u);
  EXPECT_EQ(checksum_size(A::kSha1), 20u);
  EXPECT_EQ(checksum_size(A::kSha256), 32u);
}

TEST(ChecksumNameTest, OnlyTheCrcsAreCrcs) {
  EXPECT_TRUE(is_crc(A::kCrc32));
  EXPECT_TRUE(is_crc(A::kCrc32c));
  EXPECT_TRUE(is_crc(A::kCrc64Nvme));
  EXPECT_FALSE(is_crc(A::kSha1));
  EXPECT_FALSE(is_crc(A::kSha256));
}

// --- validation of client-sent values ----------------------------------------------------------

TEST(ChecksumValueTest, AcceptsABase64ValueOfTheAlgorithmsSize) {
  for (A a : kAllChecksumAlgorithms) {
    EXPECT_TRUE(is_valid_checksum_value(a, checksum_base64(a, "x"))) << checksum_name(a);
  }
}

TEST(ChecksumValueTest, RejectsAValueOfAnotherSize) {
  EXPECT_FALSE(is_valid_checksum_value(A::kCrc32, "AAAA"));          // 3 bytes
  EXPECT_FALSE(is_valid_checksum_value(A::kCrc32, "AAAAAAA="));      // 5 bytes
  EXPECT_FALSE(is_valid_checksum_value(A::kCrc32, "AAAAAAAAAAA="));  // 8 bytes
  EXPECT_FALSE(is_valid_checksum_value(A::kCrc64Nvme, "AAAAAA=="));  // 4 bytes
  EXPECT_FALSE(is_valid_checksum_value(A::kSha256, base64_encode(std::string(20, 'a'))));
  EXPECT_FALSE(is_valid_checksum_value(A::kSha1, base64_encode(std::string(32, 'a'))));
  EXPECT_FALSE(is_valid_checksum_value(A::kCrc32c, ""));
}

TEST(ChecksumValueTest, RejectsMalformedBase64) {
  for (std::string_view bad : {"AAAAAA", "AAAAAA=", "AAAAA===", "AAAA AA=", "AAAAAA==\n",
                               "!AAAAA==", "AAAA-_==", "AA=AAA=="}) {
    EXPECT_FALSE(is_valid_checksum_value(A::kCrc32, bad)) << bad;
  }
  EXPECT_FALSE(is_valid_checksum_value(A::kCrc64Nvme, "AAAAAAAAAAA"));  // unpadded
}

// --- known vectors -----------------------------------------------------------------------------

TEST(ChecksumVectorTest, EmptyBodyMatchesWhatS3Returns) {
  EXPECT_EQ(checksum_base64(A::kCrc32, ""), "AAAAAA==");
  EXPECT_EQ(checksum_base64(A::kCrc32c, ""), "AAAAAA==");
  EXPECT_EQ(checksum_base64(A::kCrc64Nvme, ""), "AAAAAAAAAAA=");
  EXPECT_EQ(checksum_base64(A::kSha1, ""), "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
  EXPECT_EQ(checksum_base64(A::kSha256, ""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

// The CRC catalogue check values: CRC32 0xCBF43926, CRC32C 0xE3069283, CRC64NVME
// 0xAE8B14860A799888; SHA from `echo -n 123456789 | sha1sum` / sha256sum.
TEST(ChecksumVectorTest, CheckValuesOf123456789) {
  EXPECT_EQ(hex_encode(raw_of(A::kCrc32, "123456789")), "cbf43926");
  EXPECT_EQ(hex_encode(raw_of(A::kCrc32c, "123456789")), "e3069283");
  EXPECT_EQ(hex_encode(raw_of(A::kCrc64Nvme, "123456789")), "ae8b14860a799888");
  EXPECT_EQ(hex_encode(raw_of(A::kSha1, "123456789")), "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
  EXPECT_EQ(hex_encode(raw_of(A::kSha256, "123456789")),
            "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
}

TEST(ChecksumVectorTest, Base64IsOfTheBigEndianDigest) {
  EXPECT_EQ(raw_of(A::kCrc32, "123456789"), std::string("\xCB\xF4\x39\x26", 4));
  EXPECT_EQ(checksum_base64(A::kCrc32, "123456789"), "y/Q5Jg==");
  EXPECT_EQ(checksum_base64(A::kCrc32c, "123456789"), "4waSgw==");
  EXPECT_EQ(checksum_base64(A::kCrc64Nvme, "123456789"), "rosUhgp5mIg=");
}

// Python's zlib.crc32 and `openssl dgst -binary | base64`.
TEST(ChecksumVectorTest, HelloWorld) {
  EXPECT_EQ(checksum_base64(A::kCrc32, "Hello world"), "i9aeUg==");
  EXPECT_EQ(checksum_base64(A::kSha1, "Hello world"), "e1AsOh9IyGCa4hLN+2Od7jlnP14=");
  EXPECT_EQ(checksum_base64(A::kSha256, "Hello world"),
            "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw=");
}

// AWS S3 API reference, "Signature calculations for trailing headers (chunked uploads)": the
// 65 KiB object of 'a' carries the trailer x-amz-checksum-crc32c:sOO8/Q==.
TEST(ChecksumVectorTest, Crc32cOfTheAwsTrailerExample) {
  EXPECT_EQ(checksum_base64(A::kCrc32c, std::string(66560, 'a')), "sOO8/Q==");
}

// aws-c-s3 (the AWS CRT's S3 client) CRC64NVME test vectors, and crc64fast-nvme's doc example.
TEST(ChecksumVectorTest, Crc64NvmeMatchesAwsSdkVectors) {
  EXPECT_EQ(hex_encode(raw_of(A::kCrc64Nvme, "aaaaaaaaaa")), "0c1a80036d65c555");
  EXPECT_EQ(hex_encode(raw_of(A::kCrc64Nvme, std::string(32, '\0'))), "cf3473434d4ecf3b");
  EXPECT_EQ(hex_encode(raw_of(A::kCrc64Nvme, "hello world!")), "d9160d1fa8e418e3");
}

TEST(ChecksumVectorTest, CrcsMatchBoostOnRandomBuffersOfEveryLengthAndAlignment) {
  const std::string data = random_bytes(600, 7);
  for (A a : kCrcs) {
    for (std::size_t offset = 0; offset < 17; ++offset) {
      for (std::size_t len = 0; offset + len <= 300; len += 1 + len / 8) {
        std::string_view piece(data.data() + offset, len);
        ASSERT_EQ(raw_of(a, piece), boost_raw(a, piece))
            << checksum_name(a) << " offset " << offset << " len " << len;
      }
    }
  }
}

TEST(ChecksumVectorTest, CrcsMatchBoostOnALargeBuffer) {
  const std::string data = random_bytes((1 << 20) + 13, 11);
  for (A a : kCrcs) EXPECT_EQ(raw_of(a, data), boost_raw(a, data)) << checksum_name(a);
}

// --- incremental use ---------------------------------------------------------------------------

TEST(ChecksummerTest, ReportsItsAlgorithm) {
  for (A a : kAllChecksumAlgorithms) EXPECT_EQ(Checksummer(a).algorithm(), a);
}

TEST(ChecksummerTest, EveryTwoWaySplitEqualsOneShot) {
  const std::string data = random_bytes(70, 3);
  for (A a : kAllChecksumAlgorithms) {
    const std::string expected = raw_of(a, data);
    for (std::size_t cut = 0; cut <= data.size(); ++cut) {
      Checksummer c(a);
      c.update(std::string_view(data).substr(0, cut));
      c.update(std::string_view(data).substr(cut));
      ASSERT_EQ(c.finish_raw(), expected) << checksum_name(a) << " cut " << cut;
    }
  }
}

TEST(ChecksummerTest, RandomChunkingEqualsOneShot) {
  const std::string data = random_bytes(200000, 5);
  std::mt19937 gen(9);
  for (A a : kAllChecksumAlgorithms) {
    Checksummer c(a);
    for (std::size_t pos = 0; pos < data.size();) {
      std::size_t n = std::min<std::size_t>(gen() % 5000, data.size() - pos);
      c.update(std::string_view(data).substr(pos, n));
      pos += n;
    }
    EXPECT_EQ(c.finish_base64(), checksum_base64(a, data)) << checksum_name(a);
  }
}

TEST(ChecksummerTest, ResetStartsAFreshChecksum) {
  for (A a : kAllChecksumAlgorithms) {
    Checksummer c(a);
    c.update(std::string_view("stale bytes"));
    c.finish_raw();
    c.reset();
    c.update(std::string_view("123456789"));
    EXPECT_EQ(c.finish_raw(), raw_of(a, "123456789")) << checksum_name(a);
  }
}

TEST(ChecksummerTest, ResetDiscardsUnfinishedInput) {
  for (A a : kAllChecksumAlgorithms) {
    Checksummer c(a);
    c.update(std::string_view("half a body"));
    c.reset();
    EXPECT_EQ(c.finish_base64(), checksum_base64(a, "")) << checksum_name(a);
  }
}

TEST(ChecksummerTest, MoveKeepsTheRunningState) {
  for (A a : kAllChecksumAlgorithms) {
    Checksummer first(a);
    first.update(std::string_view("12345"));
    Checksummer moved(std::move(first));
    moved.update(std::string_view("6789"));
    Checksummer assigned(A::kCrc32);
    assigned = std::move(moved);
    EXPECT_EQ(assigned.algorithm(), a);
    EXPECT_EQ(assigned.finish_raw(), raw_of(a, "123456789")) << checksum_name(a);
  }
}

// --- CRC combination (FULL_OBJECT multipart checksums) -----------------------------------------

TEST(CrcCombineTest, CombinedCrcsEqualTheCrcOfTheConcatenation) {
  const std::string data = random_bytes(5000, 21);
  std::mt19937 gen(22);
  for (A a : kCrcs) {
    for (int trial = 0; trial < 200; ++trial) {
      std::size_t start = gen() % data.size();
      std::size_t cut = start + gen() % (data.size() - start + 1);
      std::size_t end = cut + gen() % (data.size() - cut + 1);
      std::string_view left(data.data() + start, cut - start);
      std::string_view right(data.data() + cut, end - cut);
      ASSERT_EQ(crc_combine(a, raw_of(a, left), raw_of(a, right), right.size()),
                raw_of(a, data.substr(start, end - start)))
          << checksum_name(a) << " |A| " << left.size() << " |B| " << right.size();
    }
  }
}

TEST(CrcCombineTest, EmptySecondPartLeavesTheFirstCrc) {
  for (A a : kCrcs) {
    EXPECT_EQ(crc_combine(a, raw_of(a, "abc"), raw_of(a, ""), 0), raw_of(a, "abc"));
  }
}

TEST(CrcCombineTest, EmptyFirstPartGivesTheSecondCrc) {
  for (A a : kCrcs) {
    EXPECT_EQ(crc_combine(a, raw_of(a, ""), raw_of(a, "abc"), 3), raw_of(a, "abc"));
  }
}

TEST(CrcCombineTest, FoldingManyLargePartsEqualsTheWholeObjectCrc) {
  const std::string data = random_bytes(3 * (1 << 20) + 5, 31);
  const std::size_t part = (1 << 20) - 7;  // odd size: every power of x in the length is used
  for (A a : kCrcs) {
    std::string combined = raw_of(a, "");
    for (std::size_t pos = 0; pos < data.size(); pos += part) {
      std::string_view piece = std::string_view(data).substr(pos, part);
      combined = crc_combine(a, combined, raw_of(a, piece), piece.size());
    }
    EXPECT_EQ(combined, raw_of(a, data)) << checksum_name(a);
  }
}

TEST(CrcCombineTest, RejectsShaAndWrongSizedInputs) {
  EXPECT_THROW(crc_combine(A::kSha256, std::string(32, 'a'), std::string(32, 'b'), 1),
               std::invalid_argument);
  EXPECT_THROW(crc_combine(A::kCrc32, std::string(8, 'a'), std::string(4, 'b'), 1),
               std::invalid_argument);
  EXPECT_THROW(crc_combine(A::kCrc64Nvme, std::string(8, 'a'), std::string(4, 'b'), 1),
               std::invalid_argument);
}

}  // namespace
}  // namespace s3sandbox::crypto
