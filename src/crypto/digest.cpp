#include "s3sandbox/crypto/digest.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <initializer_list>
#include <stdexcept>

#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::crypto {
namespace {

// Explicitly fetched algorithms, once per process. OpenSSL 3 re-fetches the implementation of a
// legacy EVP_sha256()-style pointer on every EVP_DigestInit_ex (a locked name lookup), and its
// HMAC() one-shot fetches both the MAC and the digest per call: together that was ~2/3 of the
// signature check of every request (perf, bench/RESULTS.md).
const EVP_MD* fetch_once(const char* name, const EVP_MD* legacy) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  return md != nullptr ? md : legacy;  // kept for the life of the process
}

const EVP_MD* md_for(DigestKind kind) {
  static const EVP_MD* const md5 = fetch_once("MD5", EVP_md5());
  static const EVP_MD* const sha1 = fetch_once("SHA1", EVP_sha1());
  static const EVP_MD* const sha256 = fetch_once("SHA256", EVP_sha256());
  switch (kind) {
    case DigestKind::kMd5:
      return md5;
    case DigestKind::kSha1:
      return sha1;
    case DigestKind::kSha256:
      return sha256;
  }
  return sha256;
}

// One reusable context per thread for the one-shot functions (no allocation per call).
EVP_MD_CTX* thread_context() {
  struct Holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Holder holder;
  if (holder.ctx == nullptr) throw std::runtime_error("OpenSSL digest context allocation failed");
  return holder.ctx;
}

// Digest of the concatenation of `parts` into `out`; returns the digest length.
unsigned int digest_into(const EVP_MD* md, std::initializer_list<std::string_view> parts,
                         unsigned char* out) {
  EVP_MD_CTX* ctx = thread_context();
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx, md, nullptr) != 1) throw std::runtime_error("digest init failed");
  for (std::string_view p : parts) EVP_DigestUpdate(ctx, p.data(), p.size());
  EVP_DigestFinal_ex(ctx, out, &len);
  return len;
}

}  // namespace

struct Digest::Impl {
  const EVP_MD* md;
  EVP_MD_CTX* ctx;
};

Digest::Digest(DigestKind kind) : impl_(std::make_unique<Impl>()) {
  impl_->md = md_for(kind);
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, impl_->md, nullptr) != 1) {
    throw std::runtime_error("OpenSSL digest initialisation failed");
  }
}

Digest::~Digest() {
  if (impl_) EVP_MD_CTX_free(impl_->ctx);
}

Digest::Digest(Digest&&) noexcept = default;
Digest& Digest::operator=(Digest&& o) noexcept {
  if (this != &o) {
    if (impl_) EVP_MD_CTX_free(impl_->ctx);
    impl_ = std::move(o.impl_);
  }
  return *this;
}

void Digest::update(std::span<const char> bytes) {
  if (!bytes.empty()) EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size());
}

std::string Digest::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(impl_->ctx, out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

void Digest::reset() { EVP_DigestInit_ex(impl_->ctx, impl_->md, nullptr); }

namespace {
std::string one_shot(DigestKind kind, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  const unsigned int len = digest_into(md_for(kind), {data}, out);
  return std::string(reinterpret_cast<const char*>(out), len);
}
}  // namespace

std::string md5(std::string_view data) { return one_shot(DigestKind::kMd5, data); }
std::string sha1(std::string_view data) { return one_shot(DigestKind::kSha1, data); }
std::string sha256(std::string_view data) { return one_shot(DigestKind::kSha256, data); }
std::string sha256_hex(std::string_view data) { return hex_encode(sha256(data)); }

namespace {
// HMAC (RFC 2104) over the fetched digest: H((K ^ opad) || H((K ^ ipad) || data)), with K the
// key zero-padded to the block size, or its digest when longer than a block. Writes the MAC to
// `out` (EVP_MAX_MD_SIZE bytes of room) and returns its length.
unsigned int hmac_into(const EVP_MD* md, std::string_view key, std::string_view data,
                       unsigned char* out) {
  constexpr std::size_t kMaxBlock = 128;
  const auto block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
  if (block == 0 || block > kMaxBlock) throw std::runtime_error("unexpected digest block size");
  unsigned char k[kMaxBlock] = {};
  if (key.size() > block) {
    digest_into(md, {key}, k);
  } else {
    std::memcpy(k, key.data(), key.size());
  }
  unsigned char ipad[kMaxBlock];
  unsigned char opad[kMaxBlock];
  for (std::size_t i = 0; i < block; ++i) {
    ipad[i] = static_cast<unsigned char>(k[i] ^ 0x36);
    opad[i] = static_cast<unsigned char>(k[i] ^ 0x5c);
  }
  auto bytes = [](const unsigned char* p, std::size_t n) {
    return std::string_view(reinterpret_cast<const char*>(p), n);
  };
  unsigned char inner[EVP_MAX_MD_SIZE];
  const unsigned int inner_len = digest_into(md, {bytes(ipad, block), data}, inner);
  const unsigned int len = digest_into(md, {bytes(opad, block), bytes(inner, inner_len)}, out);
  OPENSSL_cleanse(k, sizeof k);
  OPENSSL_cleanse(ipad, sizeof ipad);
  OPENSSL_cleanse(opad, sizeof opad);
  return len;
}

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  const unsigned int len = hmac_into(md, key, data, out);
  return std::string(reinterpret_cast<const char*>(out), len);
}
}  // namespace

void initialize_without_config() { OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr); }

void warm_up() {
  (void)md_for(DigestKind::kSha256);
  (void)hmac_sha256("s3sandbox", "warm-up");
  (void)md5("warm-up");
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return hmac(md_for(DigestKind::kSha256), key, data);
}

void sha256_into(std::string_view data, unsigned char (&out)[kSha256Size]) {
  unsigned char full[EVP_MAX_MD_SIZE];
  digest_into(md_for(DigestKind::kSha256), {data}, full);
  std::memcpy(out, full, kSha256Size);
}

void hmac_sha256_into(std::string_view key, std::string_view data,
                      unsigned char (&out)[kSha256Size]) {
  unsigned char full[EVP_MAX_MD_SIZE];
  hmac_into(md_for(DigestKind::kSha256), key, data, full);
  std::memcpy(out, full, kSha256Size);
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
  return hmac(md_for(DigestKind::kSha1), key, data);
}

}  // namespace s3sandbox::crypto
