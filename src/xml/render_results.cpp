// The small result documents: ListAllMyBucketsResult, LocationConstraint, CopyObjectResult and
// DeleteResult, in the element order of S3's responses.
#include "document.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {

std::string render_list_buckets(const std::vector<storage::BucketInfo>& buckets,
                                const Owner& owner) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ListAllMyBucketsResult");
  pugi::xml_node owner_node = root.append_child("Owner");
  detail::add_text(owner_node, "ID", owner.id);
  if (!owner.display_name.empty()) detail::add_text(owner_node, "DisplayName", owner.display_name);
  pugi::xml_node list = root.append_child("Buckets");
  if (buckets.empty()) list.text().set("");  // <Buckets></Buckets>, not <Buckets/>
  for (const storage::BucketInfo& b : buckets) {
    pugi::xml_node bucket = list.append_child("Bucket");
    detail::add_text(bucket, "Name", b.name);
    detail::add_time(bucket, "CreationDate", b.created);
  }
  return detail::serialize(doc);
}

std::string render_location(std::string_view region) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "LocationConstraint");
  // us-east-1 is reported as an empty (self-closed) element, as S3 answers GetBucketLocation.
  if (!region.empty() && region != "us-east-1") root.text().set(std::string(region).c_str());
  return detail::serialize(doc);
}

std::string render_copy_object_result(std::string_view etag_unquoted, core::TimePoint modified,
                                      const std::map<std::string, std::string>& checksums,
                                      std::string_view checksum_type, const char* root_name) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, root_name);
  detail::add_time(root, "LastModified", modified);
  detail::add_etag(root, etag_unquoted);
  if (!checksums.empty() && !checksum_type.empty())
    detail::add_text(root, "ChecksumType", checksum_type);
  detail::add_checksums(root, checksums);
  return detail::serialize(doc);
}

std::string render_delete_result(const std::vector<DeleteOutcome>& outcomes, bool quiet) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "DeleteResult");
  for (const DeleteOutcome& o : outcomes) {
    if (o.deleted) {
      if (quiet) continue;  // quiet mode reports failures only
      pugi::xml_node deleted = root.append_child("Deleted");
      detail::add_text(deleted, "Key", o.key);
      if (!o.version_id.empty()) detail::add_text(deleted, "VersionId", o.version_id);
      if (o.delete_marker) {
        detail::add_text(deleted, "DeleteMarker", "true");
        detail::add_text(deleted, "DeleteMarkerVersionId", o.delete_marker_version_id);
      }
    } else {
      pugi::xml_node error = root.append_child("Error");
      detail::add_text(error, "Key", o.key);
      if (!o.version_id.empty()) detail::add_text(error, "VersionId", o.version_id);
      detail::add_text(error, "Code", o.error_code);
      detail::add_text(error, "Message", o.error_message);
    }
  }
  if (!root.first_child()) root.text().set("");  // quiet and all deleted: an open/close pair
  return detail::serialize(doc);
}

std::string render_post_response(std::string_view location, std::string_view bucket,
                                 std::string_view key, std::string_view etag_unquoted) {
  pugi::xml_document doc;
  // S3 sends PostResponse without the namespace its other result documents carry.
  pugi::xml_node root = detail::add_root(doc, "PostResponse", false);
  detail::add_text(root, "Location", std::string(location));
  detail::add_text(root, "Bucket", std::string(bucket));
  detail::add_text(root, "Key", std::string(key));
  detail::add_text(root, "ETag", "\"" + std::string(etag_unquoted) + "\"");
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
