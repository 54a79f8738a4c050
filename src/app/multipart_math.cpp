#include "multipart_math.hpp"

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {

std::string composite_etag(const std::vector<std::string>& part_md5_hex) {
  crypto::Digest md5(crypto::DigestKind::kMd5);
  for (const std::string& hex : part_md5_hex) {
    auto raw = crypto::hex_decode(hex);
    if (raw) md5.update(std::string_view(*raw));
  }
  return crypto::hex_encode(md5.finish()) + "-" + std::to_string(part_md5_hex.size());
}

std::optional<std::string> composite_checksum(crypto::ChecksumAlgorithm a,
                                              const std::vector<std::string>& part_base64) {
  crypto::Checksummer over_parts(a);
  for (const std::string& b64 : part_base64) {
    if (!crypto::is_valid_checksum_value(a, b64)) return std::nullopt;
    over_parts.update(*crypto::base64_decode(b64));
  }
  return over_parts.finish_base64() + "-" + std::to_string(part_base64.size());
}

std::optional<std::string> full_object_crc(crypto::ChecksumAlgorithm a,
                                           const std::vector<PartCrc>& parts) {
  if (!crypto::is_crc(a)) return std::nullopt;
  std::string combined = *crypto::base64_decode(crypto::checksum_base64(a, ""));
  for (const PartCrc& p : parts) {
    if (!crypto::is_valid_checksum_value(a, p.base64)) return std::nullopt;
    combined = crypto::crc_combine(a, combined, *crypto::base64_decode(p.base64), p.size);
  }
  return crypto::base64_encode(combined);
}

}  // namespace s3sandbox::app
