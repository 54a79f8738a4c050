// Helpers shared by the fuzz targets: the line-oriented input format most targets use (so seed
// files stay readable and the fuzzer can mutate each field on its own), fuzzer-chosen split
// points for incremental parsers, and a raw request-target split as the http module does.
// Thread safety: pure functions (libFuzzer runs one input at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace s3sandbox::fuzz {

// The input split at '\n' (a trailing '\r' is kept: it is part of what is fuzzed).
inline std::vector<std::string_view> split_lines(std::string_view input) {
  std::vector<std::string_view> lines;
  std::size_t from = 0;
  while (from <= input.size()) {
    std::size_t nl = input.find('\n', from);
    if (nl == std::string_view::npos) nl = input.size();
    lines.push_back(input.substr(from, nl - from));
    from = nl + 1;
  }
  return lines;
}

// Line `i`, or "" past the end.
inline std::string_view line_at(const std::vector<std::string_view>& lines, std::size_t i) {
  return i < lines.size() ? lines[i] : std::string_view{};
}

// Piece sizes for feeding `total` bytes, chosen by `seed`: 0 feeds everything at once; otherwise
// a deterministic sequence of sizes in 1..64 (so a one-byte change of the seed byte explores
// other splits, including byte-at-a-time runs, without disturbing the payload bytes).
class Splitter {
 public:
  explicit Splitter(std::uint8_t seed) : seed_(seed), state_(seed * 2654435761u + 1) {}
  std::size_t next(std::size_t remaining) {
    if (seed_ == 0) return remaining;
    if (seed_ == 1) return remaining == 0 ? 0 : 1;
    state_ = state_ * 1103515245u + 12345u;
    std::size_t n = 1 + (state_ >> 16) % 64;
    return n < remaining ? n : remaining;
  }

 private:
  std::uint8_t seed_;
  std::uint32_t state_;
};

// Calls `feed(span)` over `bytes` in the pieces `splitter` chooses; stops at the first false.
template <typename Feed>
bool feed_in_pieces(std::string_view bytes, Splitter splitter, Feed&& feed) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    std::size_t n = splitter.next(bytes.size() - at);
    if (!feed(std::span<const char>(bytes.data() + at, n))) return false;
    at += n;
  }
  return true;
}

inline void split_target(std::string_view target, std::string& path, std::string& query) {
  std::size_t q = target.find('?');
  path = std::string(target.substr(0, q));
  query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
}

// S3SANDBOX_FUZZ_VERBOSE=1 makes the targets print each input's outcome (to check that seeds
// reach the paths they are meant for, and to read a reproducer's verdict).
inline bool verbose() {
  static const bool on = std::getenv("S3SANDBOX_FUZZ_VERBOSE") != nullptr;
  return on;
}

inline void report(const char* target, bool ok, std::string_view detail) {
  if (verbose()) {
    std::fprintf(stderr, "%s: %s %.*s\n", target, ok ? "accepted" : "refused",
                 static_cast<int>(detail.size()), detail.data());
  }
}

// An invariant the code under test broke: abort so libFuzzer records the input.
[[noreturn]] inline void invariant_failed(const char* what) {
  std::fprintf(stderr, "fuzz invariant failed: %s\n", what);
  std::abort();
}

#define S3SANDBOX_FUZZ_CHECK(cond)                           \
  do {                                                       \
    if (!(cond)) ::s3sandbox::fuzz::invariant_failed(#cond); \
  } while (0)

}  // namespace s3sandbox::fuzz
