// The five S3 additional checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256): their names and
// x-amz-checksum-* headers, validation of client-sent values, incremental computation in the
// encoding S3 uses (big-endian digest bytes, base64 in headers), and the CRC combination that
// FULL_OBJECT multipart checksums need. CRC32/CRC32C run on ISA-L (PCLMUL), CRC64NVME on our own
// PCLMUL folding code (~17 GB/s per core; slice-by-16 table fallback, ~2.3 GB/s, on CPUs without
// pclmul), SHA on OpenSSL. Thread safety: one Checksummer per thread; the free functions are pure
// and reentrant.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::crypto {

enum class ChecksumAlgorithm { kCrc32, kCrc32c, kCrc64Nvme, kSha1, kSha256 };

inline constexpr std::array<ChecksumAlgorithm, 5> kAllChecksumAlgorithms = {
    ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kCrc64Nvme,
    ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256};

// "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256": the x-amz-checksum-algorithm and
// x-amz-sdk-checksum-algorithm values, and the ChecksumXxx XML element suffixes.
std::string_view checksum_name(ChecksumAlgorithm a);
// "x-amz-checksum-crc32", ..., "x-amz-checksum-sha256" (lower case).
std::string_view checksum_header(ChecksumAlgorithm a);
// Case-insensitive inverse of checksum_name ("crc32c" is accepted); nullopt for anything else.
std::optional<ChecksumAlgorithm> parse_checksum_name(std::string_view name);
// Case-insensitive inverse of checksum_header; nullopt for other headers, including
// x-amz-checksum-algorithm, -type and -mode.
std::optional<ChecksumAlgorithm> checksum_from_header(std::string_view header_name);
// Raw digest bytes: 4, 4, 8, 20, 32.
std::size_t checksum_size(ChecksumAlgorithm a);
bool is_crc(ChecksumAlgorithm a);
// True when `b64` is well-formed base64 (strict, padded) decoding to exactly checksum_size(a)
// bytes.
bool is_valid_checksum_value(ChecksumAlgorithm a, std::string_view b64);

// Incremental checksum. finish_* may be called once (then reset()).
class Checksummer {
 public:
  explicit Checksummer(ChecksumAlgorithm a);
  ~Checksummer();
  Checksummer(Checksummer&&) noexcept;
  Checksummer& operator=(Checksummer&&) noexcept;

  ChecksumAlgorithm algorithm() const { return algorithm_; }
  // A std::string or std::string_view converts implicitly; a string literal would include its NUL.
  void update(std::span<const char> bytes);
  // Big-endian raw bytes as S3 encodes them (CRC32 of "" = 00 00 00 00).
  std::string finish_raw();
  // What goes in x-amz-checksum-* headers (CRC32 of "" = "AAAAAA==").
  std::string finish_base64();
  void reset();

 private:
  ChecksumAlgorithm algorithm_;
  std::uint64_t crc_ = 0;         // CRCs: finished CRC of the bytes so far (0 for none)
  std::optional<Digest> digest_;  // SHA1/SHA256 only
};

// One-shot: the base64 checksum of `data`.
std::string checksum_base64(ChecksumAlgorithm a, std::string_view data);

// For multipart "FULL_OBJECT" checksums: the CRC of A||B from crc(A), crc(B) (raw big-endian, as
// returned by finish_raw) and the length of B. Only for CRC algorithms, with raw values of
// checksum_size(a) bytes: anything else is a caller bug (std::invalid_argument).
std::string crc_combine(ChecksumAlgorithm a, std::string_view crc_a_raw, std::string_view crc_b_raw,
                        std::uint64_t length_b);

}  // namespace s3sandbox::crypto
