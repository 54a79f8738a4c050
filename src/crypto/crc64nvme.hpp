// CRC-64/NVME (the "CRC64NVME" of S3 checksums): polynomial 0xAD93D23594C93659, reflected, init
// and xorout all ones; check value of "123456789" is 0xAE8B14860A799888. Private to the crypto
// module: everyone else goes through Checksummer (checksum.hpp). crc64nvme_update picks, once per
// process, a PCLMULQDQ folding implementation (crc64nvme_pclmul.cpp, ~17 GB/s) when the CPU has
// pclmul and sse4.1, else a portable slice-by-16 table (~2.3 GB/s); both give identical results.
// Pure functions, reentrant.
#pragma once

#include <cstddef>
#include <cstdint>

namespace s3sandbox::crypto::detail {

// The polynomial in reflected (LSB-first) form, as the table and combine code use it.
inline constexpr std::uint64_t kCrc64NvmePolyReflected = 0x9A6C9329AC4BC9B5;

// Extends `crc`, the finished CRC of some prefix (0 for the empty prefix), over `size` bytes,
// and returns the finished CRC of prefix||data. Chaining calls equals one call over the whole.
std::uint64_t crc64nvme_update(std::uint64_t crc, const unsigned char* data, std::size_t size);

// --- exposed for tests and benchmarks ----------------------------------------------------------

// Which implementation crc64nvme_update dispatches to on this CPU.
enum class Crc64NvmeImpl { kTable, kPclmul };
Crc64NvmeImpl crc64nvme_active_impl();

// The slice-by-16 table path, same contract as crc64nvme_update; runs on any CPU.
std::uint64_t crc64nvme_update_table(std::uint64_t crc, const unsigned char* data,
                                     std::size_t size);

// The PCLMULQDQ path, same contract as crc64nvme_update. Only call it when
// crc64nvme_active_impl() == Crc64NvmeImpl::kPclmul (it executes pclmulqdq/sse4.1 instructions);
// it exists on x86-64 builds only.
#if defined(__x86_64__)
#define S3SANDBOX_CRC64NVME_HAVE_PCLMUL 1
std::uint64_t crc64nvme_update_pclmul(std::uint64_t crc, const unsigned char* data,
                                      std::size_t size);
#endif

// The raw slice-by-16 step shared by both paths: `state` is the un-inverted CRC register (the
// finished CRC xor all ones); returns the register after `size` more bytes.
std::uint64_t crc64nvme_table_step(std::uint64_t state, const unsigned char* data,
                                   std::size_t size);

}  // namespace s3sandbox::crypto::detail
