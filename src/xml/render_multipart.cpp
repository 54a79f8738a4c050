// The multipart upload result documents: InitiateMultipartUploadResult,
// CompleteMultipartUploadResult, ListPartsResult and ListMultipartUploadsResult. Element order
// follows the response examples of the S3 API reference (not its "Response Syntax" blocks, which
// list members alphabetically); where no example shows an element (checksums, EncodingType),
// it sits where S3-compatible servers that mirror S3's wire format (MinIO) put it.
#include "document.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {
namespace {

using detail::add_checksums;
using Encoder = detail::UrlEncoder;

// <Initiator> and <Owner> carry the same fields. DisplayName is omitted when empty, as S3 now
// does for owners (and as the object listings here do).
void add_principal(pugi::xml_node parent, const char* name, const Owner& owner) {
  detail::add_principal(parent, name, owner.id, owner.display_name);
}

std::string storage_class_or_standard(const std::string& storage_class) {
  return storage_class.empty() ? "STANDARD" : storage_class;
}

void add_part(pugi::xml_node root, const storage::PartInfo& part) {
  pugi::xml_node node = root.append_child("Part");
  detail::add_number(node, "PartNumber", part.number);
  detail::add_time(node, "LastModified", part.last_modified);
  detail::add_etag(node, part.etag);
  detail::add_number(node, "Size", static_cast<long long>(part.size));
  add_checksums(node, part.checksums);
}

void add_upload(pugi::xml_node root, const storage::MultipartUpload& upload, const Encoder& enc,
                const Owner& initiator, const Owner& owner) {
  pugi::xml_node node = root.append_child("Upload");
  detail::add_text(node, "Key", enc(upload.key));
  detail::add_text(node, "UploadId", upload.upload_id);
  add_principal(node, "Initiator", initiator);
  add_principal(node, "Owner", owner);
  detail::add_text(node, "StorageClass", storage_class_or_standard(upload.meta.storage_class));
  detail::add_time(node, "Initiated", upload.initiated);
  if (!upload.checksum_algorithm.empty()) {
    detail::add_text(node, "ChecksumAlgorithm", upload.checksum_algorithm);
  }
  if (!upload.meta.checksum_type.empty()) {
    detail::add_text(node, "ChecksumType", upload.meta.checksum_type);
  }
}

}  // namespace

std::string render_initiate_multipart_upload(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "InitiateMultipartUploadResult");
  detail::add_text(root, "Bucket", bucket);
  detail::add_text(root, "Key", key);
  detail::add_text(root, "UploadId", upload_id);
  return detail::serialize(doc);
}

std::string render_complete_multipart_upload(std::string_view location,
                                             const storage::ObjectMeta& meta) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "CompleteMultipartUploadResult");
  detail::add_text(root, "Location", location);
  detail::add_text(root, "Bucket", meta.bucket);
  detail::add_text(root, "Key", meta.key);
  detail::add_etag(root, meta.etag);
  add_checksums(root, meta.checksums);
  // A checksum type describes checksums; with none there is nothing to qualify.
  if (!meta.checksums.empty() && !meta.checksum_type.empty()) {
    detail::add_text(root, "ChecksumType", meta.checksum_type);
  }
  return detail::serialize(doc);
}

std::string render_list_parts(const ListPartsParams& p, const storage::PartsPage& page,
                              const Owner& owner) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ListPartsResult");
  detail::add_text(root, "Bucket", p.bucket);
  detail::add_text(root, "Key", p.key);
  detail::add_text(root, "UploadId", p.upload_id);
  add_principal(root, "Initiator", p.initiator ? *p.initiator : owner);
  add_principal(root, "Owner", owner);
  detail::add_text(root, "StorageClass", storage_class_or_standard(p.storage_class));
  detail::add_number(root, "PartNumberMarker", p.part_number_marker);
  detail::add_number(root, "NextPartNumberMarker", page.next_marker);
  detail::add_number(root, "MaxParts", p.max_parts);
  detail::add_bool(root, "IsTruncated", page.truncated);
  if (!p.checksum_algorithm.empty()) {
    detail::add_text(root, "ChecksumAlgorithm", p.checksum_algorithm);
  }
  if (!p.checksum_type.empty()) detail::add_text(root, "ChecksumType", p.checksum_type);
  for (const storage::PartInfo& part : page.parts) add_part(root, part);
  return detail::serialize(doc);
}

std::string render_list_multipart_uploads(const ListUploadsParams& p,
                                          const storage::UploadsPage& page, const Owner& owner) {
  const Encoder enc(p.encoding_type);
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ListMultipartUploadsResult");
  detail::add_text(root, "Bucket", p.bucket);
  detail::add_text(root, "KeyMarker", enc(p.key_marker));
  detail::add_text(root, "UploadIdMarker", p.upload_id_marker);
  // S3 names the last upload of every page, truncated or not (API reference, example 2).
  detail::add_text(root, "NextKeyMarker", enc(page.next_key_marker));
  detail::add_text(root, "NextUploadIdMarker", page.next_upload_id_marker);
  if (!p.delimiter.empty()) detail::add_text(root, "Delimiter", enc(p.delimiter));
  detail::add_text(root, "Prefix", enc(p.prefix));
  if (!p.encoding_type.empty()) detail::add_text(root, "EncodingType", p.encoding_type);
  detail::add_number(root, "MaxUploads", p.max_uploads);
  detail::add_bool(root, "IsTruncated", page.truncated);
  for (std::size_t i = 0; i < page.uploads.size(); ++i) {
    const Owner& initiator = i < p.initiators.size() ? p.initiators[i] : owner;
    const Owner& upload_owner = i < p.owners.size() ? p.owners[i] : owner;
    add_upload(root, page.uploads[i], enc, initiator, upload_owner);
  }
  for (const std::string& prefix : page.common_prefixes) {
    detail::add_text(root.append_child("CommonPrefixes"), "Prefix", enc(prefix));
  }
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
