#include "s3sandbox/core/ids.hpp"

#include <random>

namespace s3sandbox::core {
namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 gen([] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }());
  return gen;
}

std::string hex_chars(std::size_t n, const char* alphabet) {
  std::string out(n, '0');
  auto& gen = generator();
  std::uint64_t bits = 0;
  int left = 0;
  for (char& c : out) {
    if (left == 0) {
      bits = gen();
      left = 16;
    }
    c = alphabet[bits & 0xF];
    bits >>= 4;
    --left;
  }
  return out;
}

}  // namespace

std::string random_hex(std::size_t n_chars) { return hex_chars(n_chars, "0123456789abcdef"); }
std::string new_request_id() { return hex_chars(16, "0123456789ABCDEF"); }
std::string new_unique_id() { return random_hex(32); }

}  // namespace s3sandbox::core
