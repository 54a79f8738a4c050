// ListBucketResult for ListObjects (V1) and ListObjectsV2. Element order follows S3's responses
// (API reference examples and sampled responses): V1 Name, Prefix, Marker, [NextMarker],
// MaxKeys, [Delimiter], [EncodingType], IsTruncated, Contents..., CommonPrefixes...; V2 Name,
// Prefix, [StartAfter], [ContinuationToken], [NextContinuationToken], KeyCount, MaxKeys,
// [Delimiter], [EncodingType], IsTruncated, Contents..., CommonPrefixes.... In Contents the
// checksum elements sit between ETag and Size, and Owner between Size and StorageClass.
#include "document.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {
namespace {

// With encoding-type=url S3 encodes the elements that can hold key bytes (V1: Delimiter,
// Marker, Prefix, NextMarker, Key; V2: Delimiter, Prefix, Key, StartAfter), never the
// continuation tokens.
using Encoder = detail::UrlEncoder;

void add_owner(pugi::xml_node parent, const Owner& owner) {
  detail::add_principal(parent, "Owner", owner.id, owner.display_name);
}

void add_contents(pugi::xml_node root, const storage::ObjectMeta& m, const Encoder& enc,
                  const Owner* owner) {
  pugi::xml_node c = root.append_child("Contents");
  detail::add_text(c, "Key", enc(m.key));
  detail::add_time(c, "LastModified", m.last_modified);
  detail::add_etag(c, m.etag);
  for (const auto& entry : m.checksums) detail::add_text(c, "ChecksumAlgorithm", entry.first);
  if (!m.checksums.empty() && !m.checksum_type.empty()) {
    detail::add_text(c, "ChecksumType", m.checksum_type);
  }
  detail::add_text(c, "Size", std::to_string(m.size));
  if (owner != nullptr) add_owner(c, *owner);
  detail::add_text(c, "StorageClass", m.storage_class.empty() ? "STANDARD" : m.storage_class);
}

// `owners`, when not empty, gives each object's owner (parallel to page.objects).
void add_page(pugi::xml_node root, const storage::ListPage& page, const Encoder& enc,
              const Owner* owner, const std::vector<Owner>& owners) {
  for (std::size_t i = 0; i < page.objects.size(); ++i) {
    const Owner* shown = owner != nullptr && i < owners.size() ? &owners[i] : owner;
    add_contents(root, page.objects[i], enc, shown);
  }
  for (const std::string& prefix : page.common_prefixes) {
    detail::add_text(root.append_child("CommonPrefixes"), "Prefix", enc(prefix));
  }
}

void add_delimiter_and_encoding(pugi::xml_node root, const std::string& delimiter,
                                const std::string& encoding_type, const Encoder& enc) {
  if (!delimiter.empty()) detail::add_text(root, "Delimiter", enc(delimiter));
  if (!encoding_type.empty()) detail::add_text(root, "EncodingType", encoding_type);
}

}  // namespace

std::string render_list_objects_v1(const ListV1Params& p, const storage::ListPage& page,
                                   const Owner& owner) {
  const Encoder enc(p.encoding_type);
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ListBucketResult");
  detail::add_text(root, "Name", p.bucket);
  detail::add_text(root, "Prefix", enc(p.prefix));
  detail::add_text(root, "Marker", enc(p.marker));
  // S3 sends NextMarker only with a delimiter; without one, clients use the last Key.
  if (!p.delimiter.empty() && page.truncated && !p.next_marker.empty()) {
    detail::add_text(root, "NextMarker", enc(p.next_marker));
  }
  detail::add_number(root, "MaxKeys", p.max_keys);
  add_delimiter_and_encoding(root, p.delimiter, p.encoding_type, enc);
  detail::add_bool(root, "IsTruncated", page.truncated);
  add_page(root, page, enc, &owner, p.owners);  // V1 always names the owner
  return detail::serialize(doc);
}

std::string render_list_objects_v2(const ListV2Params& p, const storage::ListPage& page,
                                   const Owner& owner) {
  const Encoder enc(p.encoding_type);
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ListBucketResult");
  detail::add_text(root, "Name", p.bucket);
  detail::add_text(root, "Prefix", enc(p.prefix));
  if (!p.start_after.empty()) detail::add_text(root, "StartAfter", enc(p.start_after));
  if (!p.continuation_token.empty()) {
    detail::add_text(root, "ContinuationToken", p.continuation_token);
  }
  if (page.truncated && !p.next_continuation_token.empty()) {
    detail::add_text(root, "NextContinuationToken", p.next_continuation_token);
  }
  // KeyCount counts Contents and CommonPrefixes alike (API reference, delimiter example).
  detail::add_number(root, "KeyCount",
                     static_cast<long long>(page.objects.size() + page.common_prefixes.size()));
  detail::add_number(root, "MaxKeys", p.max_keys);
  add_delimiter_and_encoding(root, p.delimiter, p.encoding_type, enc);
  detail::add_bool(root, "IsTruncated", page.truncated);
  add_page(root, page, enc, p.fetch_owner ? &owner : nullptr, p.owners);
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
