// Incremental message digests (MD5 for ETags and Content-MD5, SHA-256 for SigV4 payloads,
// SHA-1 for checksums) over OpenSSL's EVP interface, plus one-shot helpers. The crypto module is
// the only OpenSSL user. Thread safety: one Digest per thread; the free functions are reentrant.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace s3sandbox::crypto {

enum class DigestKind { kMd5, kSha1, kSha256 };

class Digest {
 public:
  explicit Digest(DigestKind kind);
  ~Digest();
  Digest(Digest&&) noexcept;
  Digest& operator=(Digest&&) noexcept;

  void update(std::span<const char> bytes);
  void update(std::string_view s) { update(std::span<const char>(s.data(), s.size())); }
  // Raw digest bytes. The digest can be finished once; then reset() to reuse.
  std::string finish();
  void reset();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string md5(std::string_view data);     // raw 16 bytes
std::string sha1(std::string_view data);    // raw 20 bytes
std::string sha256(std::string_view data);  // raw 32 bytes
std::string sha256_hex(std::string_view data);

// Initializes OpenSSL without reading the system's openssl.cnf (its providers and policies do
// not matter to the digests here, and reading it was ~0.5 ms of a cold start). Optional: call
// once at process start, before any other crypto function; without it OpenSSL initializes itself
// on first use, with the configuration file.
void initialize_without_config();

// Performs OpenSSL's one-time set-up work (algorithm fetches) now rather than in the first
// request; safe from any thread.
void warm_up();

// HMAC-SHA256 of `data` under `key`; raw 32 bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// The same two without allocating, into a caller's 32 bytes: the per-request signature check
// runs on these.
inline constexpr std::size_t kSha256Size = 32;
void sha256_into(std::string_view data, unsigned char (&out)[kSha256Size]);
void hmac_sha256_into(std::string_view key, std::string_view data,
                      unsigned char (&out)[kSha256Size]);
// HMAC-SHA1 (SigV2 signatures and SigV2 POST policies); raw 20 bytes.
std::string hmac_sha1(std::string_view key, std::string_view data);

}  // namespace s3sandbox::crypto
