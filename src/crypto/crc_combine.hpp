// GF(2) arithmetic for combining reflected CRCs: the CRC of A||B from crc(A), crc(B) and |B|, in
// O(log |B|) without the bytes (zlib's crc32_combine method, generalised to 32 and 64 bits).
// Private to the crypto module; the public entry point is crc_combine() in checksum.hpp.
// Pure, reentrant.
#pragma once

#include <cstdint>

#include "s3sandbox/crypto/checksum.hpp"

namespace s3sandbox::crypto::detail {

// Finished CRC of A||B given the finished CRCs of A and B and the byte length of B.
// Precondition: is_crc(a).
std::uint64_t combine_crc_values(ChecksumAlgorithm a, std::uint64_t crc_a, std::uint64_t crc_b,
                                 std::uint64_t length_b);

}  // namespace s3sandbox::crypto::detail
