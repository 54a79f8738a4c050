// GetObjectAttributesResponse, in the element order of S3's responses.
#include <algorithm>

#include "document.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {
namespace {

// ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 in that order.
constexpr const char* kChecksumOrder[] = {"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"};

void add_checksum(pugi::xml_node root, const storage::ObjectMeta& meta) {
  if (meta.checksums.empty()) return;
  pugi::xml_node c = root.append_child("Checksum");
  for (const char* name : kChecksumOrder) {
    auto it = meta.checksums.find(name);
    if (it == meta.checksums.end()) continue;
    std::string element = std::string("Checksum") + name;
    // A composite checksum appears here without its "-<parts>" suffix (the count is
    // ObjectParts/TotalPartsCount), unlike in HeadObject's x-amz-checksum-* header.
    std::string_view value = it->second;
    if (meta.checksum_type == "COMPOSITE" && value.rfind('-') != std::string_view::npos)
      value = value.substr(0, value.rfind('-'));
    detail::add_text(c, element.c_str(), value);
  }
  if (!meta.checksum_type.empty()) detail::add_text(c, "ChecksumType", meta.checksum_type);
}

void add_parts(pugi::xml_node root, const ObjectAttributes& wanted,
               const storage::ObjectMeta& meta) {
  if (meta.parts_count <= 0) return;  // S3 reports parts only for multipart objects
  pugi::xml_node p = root.append_child("ObjectParts");
  detail::add_number(p, "PartsCount", meta.parts_count);  // the model's TotalPartsCount
  int total = static_cast<int>(meta.part_sizes.size());
  int first = std::clamp(wanted.part_number_marker, 0, total);
  int last = std::min(total, first + std::max(0, wanted.max_parts));
  detail::add_number(p, "PartNumberMarker", wanted.part_number_marker);
  detail::add_number(p, "NextPartNumberMarker", last);
  detail::add_number(p, "MaxParts", wanted.max_parts);
  detail::add_bool(p, "IsTruncated", last < total);
  for (int i = first; i < last; ++i) {
    pugi::xml_node part = p.append_child("Part");
    detail::add_number(part, "PartNumber", i + 1);
    detail::add_number(part, "Size", static_cast<long long>(meta.part_sizes[i]));
  }
}

}  // namespace

std::string render_object_attributes(const ObjectAttributes& wanted,
                                     const storage::ObjectMeta& meta) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "GetObjectAttributesResponse");
  if (wanted.etag) detail::add_text(root, "ETag", meta.etag);
  if (wanted.checksum) add_checksum(root, meta);
  if (wanted.object_parts) add_parts(root, wanted, meta);
  if (wanted.storage_class) detail::add_text(root, "StorageClass", meta.storage_class);
  if (wanted.object_size) detail::add_number(root, "ObjectSize", static_cast<long long>(meta.size));
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
