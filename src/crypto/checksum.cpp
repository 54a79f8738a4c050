#include "s3sandbox/crypto/checksum.hpp"

#include <isa-l/crc.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "crypto/crc64nvme.hpp"
#include "crypto/crc_combine.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::crypto {
namespace {

struct AlgorithmInfo {
  ChecksumAlgorithm algorithm;
  std::string_view name;
  std::string_view header;
  std::size_t size;
};

constexpr std::array<AlgorithmInfo, 5> kInfo = {{
    {ChecksumAlgorithm::kCrc32, "CRC32", "x-amz-checksum-crc32", 4},
    {ChecksumAlgorithm::kCrc32c, "CRC32C", "x-amz-checksum-crc32c", 4},
    {ChecksumAlgorithm::kCrc64Nvme, "CRC64NVME", "x-amz-checksum-crc64nvme", 8},
    {ChecksumAlgorithm::kSha1, "SHA1", "x-amz-checksum-sha1", 20},
    {ChecksumAlgorithm::kSha256, "SHA256", "x-amz-checksum-sha256", 32},
}};

constexpr bool info_in_enum_order() {
  for (std::size_t i = 0; i < kInfo.size(); ++i) {
    if (static_cast<std::size_t>(kInfo[i].algorithm) != i) return false;
    if (kAllChecksumAlgorithms[i] != kInfo[i].algorithm) return false;
  }
  return true;
}
static_assert(info_in_enum_order(), "kInfo and kAllChecksumAlgorithms must follow the enum order");

const AlgorithmInfo& info(ChecksumAlgorithm a) { return kInfo[static_cast<std::size_t>(a)]; }

bool iequals(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

std::string to_big_endian(std::uint64_t value, std::size_t bytes) {
  std::string out(bytes, '\0');
  for (std::size_t i = 0; i < bytes; ++i) {
    out[bytes - 1 - i] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  return out;
}

std::uint64_t from_big_endian(std::string_view raw) {
  std::uint64_t value = 0;
  for (unsigned char c : raw) value = (value << 8) | c;
  return value;
}

// ISA-L's crc32_gzip_refl inverts on entry and exit, so it chains on finished CRCs directly.
// crc32_iscsi does neither (the caller owns the ~0 init and xorout), and takes an int length.
std::uint32_t crc32c_update(std::uint32_t crc, const unsigned char* data, std::size_t size) {
  constexpr std::size_t kMaxChunk = std::size_t{1} << 30;
  std::uint32_t reg = ~crc;
  while (size > 0) {
    std::size_t n = std::min(size, kMaxChunk);
    // The const_cast is for ISA-L's prototype only: crc32_iscsi never writes the buffer.
    reg = crc32_iscsi(const_cast<unsigned char*>(data), static_cast<int>(n), reg);
    data += n;
    size -= n;
  }
  return ~reg;
}

}  // namespace

std::string_view checksum_name(ChecksumAlgorithm a) { return info(a).name; }
std::string_view checksum_header(ChecksumAlgorithm a) { return info(a).header; }
std::size_t checksum_size(ChecksumAlgorithm a) { return info(a).size; }

bool is_crc(ChecksumAlgorithm a) {
  return a == ChecksumAlgorithm::kCrc32 || a == ChecksumAlgorithm::kCrc32c ||
         a == ChecksumAlgorithm::kCrc64Nvme;
}

std::optional<ChecksumAlgorithm> parse_checksum_name(std::string_view name) {
  for (const AlgorithmInfo& i : kInfo) {
    if (iequals(name, i.name)) return i.algorithm;
  }
  return std::nullopt;
}

std::optional<ChecksumAlgorithm> checksum_from_header(std::string_view header_name) {
  for (const AlgorithmInfo& i : kInfo) {
    if (iequals(header_name, i.header)) return i.algorithm;
  }
  return std::nullopt;
}

bool is_valid_checksum_value(ChecksumAlgorithm a, std::string_view b64) {
  // Cheap length check first: base64 of n bytes is 4 * ceil(n / 3) characters.
  if (b64.size() != (checksum_size(a) + 2) / 3 * 4) return false;
  std::optional<std::string> raw = base64_decode(b64);
  return raw && raw->size() == checksum_size(a);
}

Checksummer::Checksummer(ChecksumAlgorithm a) : algorithm_(a) {
  if (a == ChecksumAlgorithm::kSha1) digest_.emplace(DigestKind::kSha1);
  if (a == ChecksumAlgorithm::kSha256) digest_.emplace(DigestKind::kSha256);
}

Checksummer::~Checksummer() = default;
Checksummer::Checksummer(Checksummer&&) noexcept = default;
Checksummer& Checksummer::operator=(Checksummer&&) noexcept = default;

void Checksummer::update(std::span<const char> bytes) {
  if (bytes.empty()) return;
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  switch (algorithm_) {
    case ChecksumAlgorithm::kCrc32:
      crc_ = crc32_gzip_refl(static_cast<std::uint32_t>(crc_), data, bytes.size());
      break;
    case ChecksumAlgorithm::kCrc32c:
      crc_ = crc32c_update(static_cast<std::uint32_t>(crc_), data, bytes.size());
      break;
    case ChecksumAlgorithm::kCrc64Nvme:
      crc_ = detail::crc64nvme_update(crc_, data, bytes.size());
      break;
    case ChecksumAlgorithm::kSha1:
    case ChecksumAlgorithm::kSha256:
      digest_->update(bytes);
      break;
  }
}

std::string Checksummer::finish_raw() {
  if (digest_) return digest_->finish();
  return to_big_endian(crc_, checksum_size(algorithm_));
}

std::string Checksummer::finish_base64() { return base64_encode(finish_raw()); }

void Checksummer::reset() {
  crc_ = 0;
  if (digest_) digest_->reset();
}

std::string checksum_base64(ChecksumAlgorithm a, std::string_view data) {
  Checksummer c(a);
  c.update(data);
  return c.finish_base64();
}

std::string crc_combine(ChecksumAlgorithm a, std::string_view crc_a_raw, std::string_view crc_b_raw,
                        std::uint64_t length_b) {
  if (!is_crc(a)) throw std::invalid_argument("crc_combine: not a CRC algorithm");
  const std::size_t size = checksum_size(a);
  if (crc_a_raw.size() != size || crc_b_raw.size() != size) {
    throw std::invalid_argument("crc_combine: raw CRC of the wrong size");
  }
  std::uint64_t combined = detail::combine_crc_values(a, from_big_endian(crc_a_raw),
                                                      from_big_endian(crc_b_raw), length_b);
  return to_big_endian(combined, size);
}

}  // namespace s3sandbox::crypto
