// CRC-64/NVME implementations (crypto/crc64nvme.hpp): the dispatched entry point, the slice-by-16
// table path and the PCLMULQDQ folding path must all equal an independent bitwise-defined
// reference (Boost.CRC) for every length, start alignment and chaining split.
#include "crypto/crc64nvme.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/crc.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace s3sandbox::crypto::detail {
namespace {

using Fn = std::uint64_t (*)(std::uint64_t, const unsigned char*, std::size_t);

struct Impl {
  const char* name;
  Fn fn;
};

// Every implementation this CPU can run. The PCLMUL path is only listed where it is supported.
std::vector<Impl> implementations() {
  std::vector<Impl> v = {{"dispatch", &crc64nvme_update}, {"table", &crc64nvme_update_table}};
#ifdef S3SANDBOX_CRC64NVME_HAVE_PCLMUL
  if (crc64nvme_active_impl() == Crc64NvmeImpl::kPclmul) {
    v.push_back({"pclmul", &crc64nvme_update_pclmul});
  }
#endif
  return v;
}

std::uint64_t boost_crc(const unsigned char* data, std::size_t size) {
  boost::crc_optimal<64, 0xAD93D23594C93659, ~0ULL, ~0ULL, true, true> c;
  c.process_bytes(data, size);
  return c.checksum();
}

std::vector<unsigned char> random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<unsigned char> v(n);
  for (auto& b : v) b = static_cast<unsigned char>(rng());
  return v;
}

// Whether CPUID itself (not the code under test's __builtin_cpu_supports) reports PCLMULQDQ and
// SSE4.1: leaf 1, ECX bits 1 and 19.
bool cpuid_has_pclmul_and_sse41() {
#if defined(__x86_64__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  return (ecx & bit_PCLMUL) != 0 && (ecx & bit_SSE4_1) != 0;
#else
  return false;
#endif
}

TEST(Crc64NvmeTest, EveryImplementationGivesTheCatalogueCheckValue) {
  const std::string check = "123456789";
  for (const Impl& impl : implementations()) {
    EXPECT_EQ(impl.fn(0, reinterpret_cast<const unsigned char*>(check.data()), check.size()),
              0xAE8B14860A799888ULL)
        << impl.name;
  }
}

TEST(Crc64NvmeTest, EmptyInputLeavesTheCrcUnchanged) {
  const unsigned char byte = 0;
  for (const Impl& impl : implementations()) {
    EXPECT_EQ(impl.fn(0, &byte, 0), 0u) << impl.name;
    EXPECT_EQ(impl.fn(0x1234567890ABCDEFULL, &byte, 0), 0x1234567890ABCDEFULL) << impl.name;
  }
}

TEST(Crc64NvmeTest, PclmulPathIsActiveWhereTheCpuSupportsIt) {
  if (!cpuid_has_pclmul_and_sse41()) GTEST_SKIP() << "CPU lacks pclmulqdq or sse4.1";
  EXPECT_EQ(crc64nvme_active_impl(), Crc64NvmeImpl::kPclmul);
}

TEST(Crc64NvmeTest, MatchesBoostForEveryLengthUpTo1100AtEveryAlignment) {
  const auto data = random_bytes(1100 + 16, 1);
  for (std::size_t offset = 0; offset < 16; ++offset) {
    for (std::size_t len = 0; len <= 1100; ++len) {
      const unsigned char* p = data.data() + offset;
      const std::uint64_t want = boost_crc(p, len);
      for (const Impl& impl : implementations()) {
        ASSERT_EQ(impl.fn(0, p, len), want) << impl.name << " offset " << offset << " len " << len;
      }
    }
  }
}

TEST(Crc64NvmeTest, MatchesBoostForRandomLengthsUpTo1MiBAtEveryAlignment) {
  const auto data = random_bytes((1 << 20) + 16, 2);
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::size_t> length(1101, 1 << 20);
  for (std::size_t offset = 0; offset < 16; ++offset) {
    const std::size_t len = offset == 0 ? (1 << 20) : length(rng);
    const unsigned char* p = data.data() + offset;
    const std::uint64_t want = boost_crc(p, len);
    for (const Impl& impl : implementations()) {
      ASSERT_EQ(impl.fn(0, p, len), want) << impl.name << " offset " << offset << " len " << len;
    }
  }
}

// Long runs of identical bytes stress the fold constants differently from random data.
TEST(Crc64NvmeTest, MatchesBoostOnConstantBuffers) {
  for (unsigned char fill : {0x00, 0xFF}) {
    const std::vector<unsigned char> data(70000, fill);
    const std::uint64_t want = boost_crc(data.data(), data.size());
    for (const Impl& impl : implementations()) {
      EXPECT_EQ(impl.fn(0, data.data(), data.size()), want) << impl.name << " fill " << +fill;
    }
  }
}

TEST(Crc64NvmeTest, ChainingAtRandomSplitPointsEqualsOneCall) {
  const auto data = random_bytes(200000, 4);
  const std::uint64_t want = boost_crc(data.data(), data.size());
  std::mt19937 rng(5);
  for (const Impl& impl : implementations()) {
    for (int trial = 0; trial < 50; ++trial) {
      // Up to 12 cuts; small pieces are likely so tails and sub-block pieces are exercised.
      std::vector<std::size_t> cuts = {0, data.size()};
      const int n = static_cast<int>(rng() % 12);
      for (int i = 0; i < n; ++i) {
        std::size_t at = rng() % (data.size() + 1);
        cuts.push_back(at);
        cuts.push_back(std::min(data.size(), at + rng() % 300));
      }
      std::sort(cuts.begin(), cuts.end());
      std::uint64_t crc = 0;
      for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        crc = impl.fn(crc, data.data() + cuts[i], cuts[i + 1] - cuts[i]);
      }
      ASSERT_EQ(crc, want) << impl.name << " trial " << trial;
    }
  }
}

// Checksummer may see pieces of any size, so a stream may alternate between paths mid-way.
TEST(Crc64NvmeTest, ChainingAcrossImplementationsEqualsOneCall) {
  const auto data = random_bytes(10000, 6);
  const std::uint64_t want = boost_crc(data.data(), data.size());
  const auto impls = implementations();
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::size_t pos = 0;
    std::uint64_t crc = 0;
    while (pos < data.size()) {
      const std::size_t len = std::min(data.size() - pos, std::size_t{rng() % 2000});
      crc = impls[rng() % impls.size()].fn(crc, data.data() + pos, len);
      pos += len;
    }
    ASSERT_EQ(crc, want) << "trial " << trial;
  }
}

}  // namespace
}  // namespace s3sandbox::crypto::detail
