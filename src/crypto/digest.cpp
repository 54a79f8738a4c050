#include "s3sandbox/crypto/digest.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::crypto {
namespace {

const EVP_MD* md_for(DigestKind kind) {
  switch (kind) {
    case DigestKind::kMd5:
      return EVP_md5();
    case DigestKind::kSha1:
      return EVP_sha1();
    case DigestKind::kSha256:
      return EVP_sha256();
  }
  return EVP_sha256();
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
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md_for(kind), nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}
}  // namespace

std::string md5(std::string_view data) { return one_shot(DigestKind::kMd5, data); }
std::string sha1(std::string_view data) { return one_shot(DigestKind::kSha1, data); }
std::string sha256(std::string_view data) { return one_shot(DigestKind::kSha256, data); }
std::string sha256_hex(std::string_view data) { return hex_encode(sha256(data)); }

namespace {
std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}
}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return hmac(EVP_sha256(), key, data);
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
  return hmac(EVP_sha1(), key, data);
}

}  // namespace s3sandbox::crypto
