// How S3 derives a multipart object's ETag and checksums from its parts (S3 User Guide,
// "Checking object integrity", "Using part-level checksums for multipart uploads"):
// - ETag: hex MD5 of the concatenated binary part MD5s, then "-<part count>".
// - COMPOSITE checksum: base64 of the algorithm applied to the concatenated raw part checksums,
//   then "-<part count>" (SHA1, SHA256, CRC32, CRC32C).
// - FULL_OBJECT checksum (CRC32, CRC32C, CRC64NVME): the CRC of the whole object, combined from
//   the part CRCs and sizes without reading the bytes again.
// Pure functions; thread safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "s3sandbox/crypto/checksum.hpp"

namespace s3sandbox::app {

std::string composite_etag(const std::vector<std::string>& part_md5_hex);

// `part_base64`: each part's checksum as stored. nullopt when a value is not valid base64.
std::optional<std::string> composite_checksum(crypto::ChecksumAlgorithm a,
                                              const std::vector<std::string>& part_base64);

struct PartCrc {
  std::string base64;
  std::uint64_t size = 0;
};
// nullopt for a non-CRC algorithm or an invalid value.
std::optional<std::string> full_object_crc(crypto::ChecksumAlgorithm a,
                                           const std::vector<PartCrc>& parts);

}  // namespace s3sandbox::app
