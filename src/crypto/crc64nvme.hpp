// CRC-64/NVME (the "CRC64NVME" of S3 checksums): polynomial 0xAD93D23594C93659, reflected, init
// and xorout all ones; check value of "123456789" is 0xAE8B14860A799888. Private to the crypto
// module: everyone else goes through Checksummer (checksum.hpp). Pure function, reentrant.
#pragma once

#include <cstddef>
#include <cstdint>

namespace s3sandbox::crypto::detail {

// The polynomial in reflected (LSB-first) form, as the table and combine code use it.
inline constexpr std::uint64_t kCrc64NvmePolyReflected = 0x9A6C9329AC4BC9B5;

// Extends `crc`, the finished CRC of some prefix (0 for the empty prefix), over `size` bytes,
// and returns the finished CRC of prefix||data. Chaining calls equals one call over the whole.
std::uint64_t crc64nvme_update(std::uint64_t crc, const unsigned char* data, std::size_t size);

}  // namespace s3sandbox::crypto::detail
