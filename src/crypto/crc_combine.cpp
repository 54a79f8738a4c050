#include "crypto/crc_combine.hpp"

#include <array>

namespace s3sandbox::crypto::detail {
namespace {

// A reflected CRC whose init and xorout are both all ones (true of CRC32, CRC32C, CRC64NVME).
// Polynomials mod P are held reflected, as the CRC register holds them: x^0 is the top bit
// (1 << (width - 1)) and x^(width-1) is bit 0.
struct Spec {
  int width;
  std::uint64_t poly_reflected;  // without the x^width term
  constexpr std::uint64_t one() const { return std::uint64_t{1} << (width - 1); }
};

// a * b mod P.
constexpr std::uint64_t multiply_mod(const Spec& s, std::uint64_t a, std::uint64_t b) {
  std::uint64_t product = 0;
  for (std::uint64_t m = s.one(); m != 0; m >>= 1) {
    if (a & m) product ^= b;
    b = (b & 1) ? (b >> 1) ^ s.poly_reflected : b >> 1;  // b *= x
  }
  return product;
}

// powers[k] = x^(2^k) mod P for k in [0, 67): enough for x^(8 * n) with any 64-bit n.
constexpr int kPowers = 67;

struct Model {
  Spec spec;
  std::array<std::uint64_t, kPowers> powers;
};

constexpr Model make_model(Spec s) {
  Model m{s, {}};
  std::uint64_t p = s.one() >> 1;  // x^1
  for (int k = 0; k < kPowers; ++k) {
    m.powers[k] = p;
    p = multiply_mod(s, p, p);
  }
  return m;
}

constexpr Model kCrc32 = make_model({32, 0xEDB88320});
constexpr Model kCrc32c = make_model({32, 0x82F63B78});
constexpr Model kCrc64Nvme = make_model({64, 0x9A6C9329AC4BC9B5});

const Model& model_for(ChecksumAlgorithm a) {
  switch (a) {
    case ChecksumAlgorithm::kCrc32:
      return kCrc32;
    case ChecksumAlgorithm::kCrc32c:
      return kCrc32c;
    default:
      return kCrc64Nvme;
  }
}

// x^(8 * length) mod P: the factor that carries a register over `length` zero bytes.
std::uint64_t x_to_8n(const Model& m, std::uint64_t length) {
  std::uint64_t result = m.spec.one();  // x^0
  for (int k = 3; length != 0; length >>= 1, ++k) {
    if (length & 1) result = multiply_mod(m.spec, m.powers[k], result);
  }
  return result;
}

}  // namespace

// Register algebra: crc(M) = R(~0, M) ^ ~0 and R(s, B) = s * x^(8|B|) ^ R(0, B), so
// crc(A||B) = crc(A) * x^(8|B|) ^ crc(B): the all-ones init and xorout cancel.
std::uint64_t combine_crc_values(ChecksumAlgorithm a, std::uint64_t crc_a, std::uint64_t crc_b,
                                 std::uint64_t length_b) {
  const Model& m = model_for(a);
  return multiply_mod(m.spec, x_to_8n(m, length_b), crc_a) ^ crc_b;
}

}  // namespace s3sandbox::crypto::detail
