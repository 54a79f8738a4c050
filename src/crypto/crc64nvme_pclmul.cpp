// CRC-64/NVME by carry-less multiplication (PCLMULQDQ), after Gopal et al., "Fast CRC
// Computation for Generic Polynomials Using PCLMULQDQ Instruction" (Intel, 2009): fold the
// message 8 x 128 bits at a time, fold the eight lanes into one, fold that 128-bit remainder to
// 64 bits and finish with a Barrett reduction. The sub-16-byte tail goes through the slice-by-16
// table step. Compiled with a function-level target attribute so the rest of the build stays
// baseline x86-64; crc64nvme.cpp only calls this after checking CPUID.
#include "crypto/crc64nvme.hpp"

#ifdef S3SANDBOX_CRC64NVME_HAVE_PCLMUL

#include <immintrin.h>

#include <array>

namespace s3sandbox::crypto::detail {
namespace {

// --- constants, derived at compile time ----------------------------------------------------------
//
// Notation: a polynomial over GF(2) of degree < 64 is held "normally" in a uint64 (bit i = the
// coefficient of x^i). The CRC is reflected, so the message is fed LSB-first: a 16-byte block
// loaded little-endian into an xmm register has at bit j the coefficient of x^(127-j), i.e. the
// register is the 128-bit reversal rev128(B) of the block's polynomial B. Its low qword is
// rev64(high half of B), its high qword rev64(low half of B).
//
// PCLMULQDQ multiplies bit patterns, so for degree < 64 polynomials A and K it yields
// clmul(rev64(A), rev64(K)) = rev128(x * A * K): the product comes out one bit "short". Every
// multiplicative constant below therefore carries one power of x less than the textbook value.

// P(x) = x^64 + kPolyNormal (the x^64 term implicit): the CRC-64/NVME generator, MSB-first.
constexpr std::uint64_t kPolyNormal = 0xAD93D23594C93659;

constexpr std::uint64_t reflect64(std::uint64_t v) {
  std::uint64_t r = 0;
  for (int i = 0; i < 64; ++i) r |= ((v >> i) & 1) << (63 - i);
  return r;
}

// The header's reflected polynomial must be this one, bit-reversed.
static_assert(reflect64(kPolyNormal) == kCrc64NvmePolyReflected);

// x^n mod P by repeated multiplication by x (shift, reduce when x^64 appears).
constexpr std::uint64_t xpow_mod(int n) {
  std::uint64_t r = 1;
  for (int i = 0; i < n; ++i) r = (r << 1) ^ ((r >> 63) ? kPolyNormal : 0);
  return r;
}

// Folding a 128-bit remainder R = H*x^64 + L forward over D message bits replaces R*x^D by the
// congruent H*(x^(D+64) mod P) + L*(x^D mod P), which again fits in 128 bits and lines up with
// the block D bits later, so it is simply xored into it. With the one-bit shortfall of PCLMULQDQ
// the constants are x^(D+63) and x^(D-1). `lo` multiplies the register's low qword (rev64(H)),
// `hi` its high qword (rev64(L)).
struct FoldConstants {
  std::uint64_t lo;
  std::uint64_t hi;
};

constexpr FoldConstants fold_constants(int distance_bits) {
  return {reflect64(xpow_mod(distance_bits + 63)), reflect64(xpow_mod(distance_bits - 1))};
}

constexpr int kLanes = 8;  // 8 independent accumulators hide PCLMULQDQ's ~6-cycle latency
constexpr std::size_t kBlock = 16;
constexpr std::size_t kStride = kLanes * kBlock;

// kFold[d] folds forward over d blocks (d * 128 bits); kFold[8] is the main-loop stride.
constexpr std::array<FoldConstants, kLanes + 1> make_fold_table() {
  std::array<FoldConstants, kLanes + 1> t{};
  for (int d = 1; d <= kLanes; ++d) t[d] = fold_constants(d * 128);
  return t;
}
constexpr auto kFold = make_fold_table();

// Barrett reduction needs mu = floor(x^128 / P), a degree-64 polynomial (65 bits). Plain long
// division over a 129-bit dividend, one coefficient per array element for clarity.
struct Barrett {
  std::array<unsigned char, 65> mu{};  // mu[i] = coefficient of x^i
};

constexpr std::array<unsigned char, 65> poly_bits() {
  std::array<unsigned char, 65> p{};
  for (int i = 0; i < 64; ++i) p[i] = (kPolyNormal >> i) & 1;
  p[64] = 1;
  return p;
}

constexpr Barrett barrett() {
  constexpr auto p = poly_bits();
  std::array<unsigned char, 129> rem{};
  rem[128] = 1;
  Barrett b;
  for (int d = 128; d >= 64; --d) {
    if (!rem[d]) continue;
    b.mu[d - 64] = 1;
    for (int i = 0; i <= 64; ++i) rem[d - 64 + i] ^= p[i];
  }
  return b;
}

// Reflected operands for the two Barrett multiplications. Both mu and P have 65 bits; using
// (mu >> 1) and (P >> 1) as the 64-bit operands absorbs PCLMULQDQ's one-bit shortfall (the
// dropped x^0 terms are accounted for in reduce_128_to_64). rev64(K >> 1) has at bit i the
// coefficient of x^(64-i) of K.
constexpr std::uint64_t reflect_top64_of_65(const std::array<unsigned char, 65>& k) {
  std::uint64_t r = 0;
  for (int i = 0; i < 64; ++i) r |= std::uint64_t{k[64 - i]} << i;
  return r;
}
constexpr std::uint64_t kMuReflected = reflect_top64_of_65(barrett().mu);
constexpr std::uint64_t kPolyReflected65 = reflect_top64_of_65(poly_bits());

static_assert(barrett().mu[64] == 1, "x^128 / P has degree 64");
static_assert(kPolyReflected65 == ((kCrc64NvmePolyReflected << 1) | 1));

// --- the kernel ----------------------------------------------------------------------------------

#define S3SANDBOX_PCLMUL __attribute__((target("pclmul,sse4.1")))

S3SANDBOX_PCLMUL inline __m128i constants(const FoldConstants& k) {
  return _mm_set_epi64x(static_cast<long long>(k.hi), static_cast<long long>(k.lo));
}

S3SANDBOX_PCLMUL inline __m128i load(const unsigned char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

S3SANDBOX_PCLMUL inline __m128i fold(__m128i x, __m128i k) {
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

// r = rev128(R) for the 128-bit remainder R of the message so far; returns the CRC register
// rev64(R * x^64 mod P).
S3SANDBOX_PCLMUL inline std::uint64_t reduce_128_to_64(__m128i r) {
  // R*x^64 = H*x^128 + L*x^64 == H*(x^128 mod P) + L*x^64 =: R' (degree < 128). The constant is
  // x^127 (one-bit shortfall), which is kFold[1].hi; L*x^64 is the high qword moved down.
  const __m128i k1 = constants(kFold[1]);
  r = _mm_xor_si128(_mm_clmulepi64_si128(r, k1, 0x10), _mm_srli_si128(r, 8));
  // Barrett, R' = A*x^64 + B: R' mod P = B + lo64(q * P) with q = floor(A * mu / x^64).
  // The low qword of clmul(rev64(A), rev64(mu >> 1)) is exactly rev64(q) (A*mu's x^0 term
  // cannot reach x^64).
  const __m128i mu_p = _mm_set_epi64x(static_cast<long long>(kPolyReflected65),
                                      static_cast<long long>(kMuReflected));
  const __m128i q = _mm_clmulepi64_si128(r, mu_p, 0x00);
  // q*P = x*q*(P >> 1) + q: the high qword of clmul(rev64(q), rev64(P >> 1)) is
  // rev64(lo64(x*q*(P >> 1))), and the "+ q" is rev64(q) moved up to the high qword.
  __m128i qp = _mm_clmulepi64_si128(q, mu_p, 0x10);
  qp = _mm_xor_si128(qp, _mm_slli_si128(q, 8));
  return static_cast<std::uint64_t>(_mm_extract_epi64(_mm_xor_si128(qp, r), 1));
}

// Folds `size` bytes (a multiple of 16, at least 16) into the CRC register `state`.
S3SANDBOX_PCLMUL std::uint64_t fold_blocks(std::uint64_t state, const unsigned char* p,
                                           std::size_t size) {
  // The register's pending value is, for a reflected CRC, xored into the next 8 message bytes.
  const __m128i init = _mm_set_epi64x(0, static_cast<long long>(state));
  __m128i acc;
  if (size >= kStride) {
    __m128i x0 = _mm_xor_si128(load(p), init), x1 = load(p + 16), x2 = load(p + 32),
            x3 = load(p + 48), x4 = load(p + 64), x5 = load(p + 80), x6 = load(p + 96),
            x7 = load(p + 112);
    p += kStride;
    size -= kStride;
    const __m128i k8 = constants(kFold[8]);
    while (size >= kStride) {
      x0 = _mm_xor_si128(fold(x0, k8), load(p));
      x1 = _mm_xor_si128(fold(x1, k8), load(p + 16));
      x2 = _mm_xor_si128(fold(x2, k8), load(p + 32));
      x3 = _mm_xor_si128(fold(x3, k8), load(p + 48));
      x4 = _mm_xor_si128(fold(x4, k8), load(p + 64));
      x5 = _mm_xor_si128(fold(x5, k8), load(p + 80));
      x6 = _mm_xor_si128(fold(x6, k8), load(p + 96));
      x7 = _mm_xor_si128(fold(x7, k8), load(p + 112));
      p += kStride;
      size -= kStride;
    }
    // Lane i sits 7 - i blocks before lane 7: fold each that far and sum (independent products).
    acc = _mm_xor_si128(x7, fold(x0, constants(kFold[7])));
    acc = _mm_xor_si128(acc, fold(x1, constants(kFold[6])));
    acc = _mm_xor_si128(acc, fold(x2, constants(kFold[5])));
    acc = _mm_xor_si128(acc, fold(x3, constants(kFold[4])));
    acc = _mm_xor_si128(acc, fold(x4, constants(kFold[3])));
    acc = _mm_xor_si128(acc, fold(x5, constants(kFold[2])));
    acc = _mm_xor_si128(acc, fold(x6, constants(kFold[1])));
  } else {
    acc = _mm_xor_si128(load(p), init);
    p += kBlock;
    size -= kBlock;
  }
  const __m128i k1 = constants(kFold[1]);
  for (; size >= kBlock; size -= kBlock, p += kBlock) acc = _mm_xor_si128(fold(acc, k1), load(p));
  return reduce_128_to_64(acc);
}

#undef S3SANDBOX_PCLMUL

}  // namespace

std::uint64_t crc64nvme_update_pclmul(std::uint64_t crc, const unsigned char* data,
                                      std::size_t size) {
  std::uint64_t state = ~crc;
  if (size >= kBlock) {
    const std::size_t whole = size & ~(kBlock - 1);
    state = fold_blocks(state, data, whole);
    data += whole;
    size -= whole;
  }
  return ~crc64nvme_table_step(state, data, size);
}

}  // namespace s3sandbox::crypto::detail

#endif  // S3SANDBOX_CRC64NVME_HAVE_PCLMUL
