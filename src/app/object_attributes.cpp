// GetObjectAttributes: the attributes named by x-amz-object-attributes (ETag, Checksum,
// ObjectParts, StorageClass, ObjectSize) without the body, with ObjectParts paged by
// x-amz-max-parts and x-amz-part-number-marker.
#include <charconv>

#include "encryption.hpp"
#include "handlers.hpp"
#include "header_list.hpp"
#include "respond.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

core::S3Error invalid_attribute(std::string_view name) {
  return core::S3Error(core::ErrorCode::kInvalidArgument, "Invalid attribute name specified.")
      .with("ArgumentName", "x-amz-object-attributes")
      .with("ArgumentValue", std::string(name))
      .because(
          "x-amz-object-attributes takes a comma-separated list of ETag, Checksum, "
          "ObjectParts, StorageClass, ObjectSize");
}

core::Result<xml::ObjectAttributes> wanted_attributes(const core::RequestView& req) {
  xml::ObjectAttributes wanted;
  auto header = req.header_joined("x-amz-object-attributes");
  if (!header || header->find_first_not_of(" ,") == std::string::npos) {
    return core::S3Error(core::ErrorCode::kInvalidArgument, "Empty Attribute List specified")
        .with("ArgumentName", "x-amz-object-attributes")
        .because("GetObjectAttributes needs the x-amz-object-attributes header");
  }
  for (std::string_view item : split_header_list(*header)) {
    if (item == "ETag")
      wanted.etag = true;
    else if (item == "Checksum")
      wanted.checksum = true;
    else if (item == "ObjectParts")
      wanted.object_parts = true;
    else if (item == "StorageClass")
      wanted.storage_class = true;
    else if (item == "ObjectSize")
      wanted.object_size = true;
    else if (!item.empty())
      return invalid_attribute(item);
  }
  return wanted;
}

core::Result<int> int_header(const core::RequestView& req, std::string_view name, int fallback) {
  auto v = req.header(name);
  if (!v) return fallback;
  int n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < 0) {
    return core::S3Error(core::ErrorCode::kInvalidArgument)
        .with("ArgumentName", std::string(name))
        .with("ArgumentValue", std::string(*v))
        .because(std::string(name) + " must be a non-negative integer");
  }
  return n;
}

}  // namespace

Started get_object_attributes(ExchangeState& x) {
  auto wanted = wanted_attributes(x.request);
  if (!wanted) return answer(wanted.error());
  auto max_parts = int_header(x.request, "x-amz-max-parts", 1000);
  if (!max_parts) return answer(max_parts.error());
  auto marker = int_header(x.request, "x-amz-part-number-marker", 0);
  if (!marker) return answer(marker.error());
  wanted->max_parts = std::min(*max_parts, 1000);
  wanted->part_number_marker = *marker;

  auto meta = head_requested_version(x);
  if (!meta) {
    core::S3Error e = meta.error();
    if (e.code == core::ErrorCode::kNoSuchKey) e.with("Key", x.op.key);
    if (e.code == core::ErrorCode::kNoSuchBucket) e.with("BucketName", x.op.bucket);
    return answer(std::move(e));
  }
  // An SSE-C object's attributes need its key, as its bytes do.
  if (meta->delete_marker) {
    // S3: 404 NoSuchKey for a delete marker, with its headers.
    return answer(core::S3Error(core::ErrorCode::kNoSuchKey)
                      .with("Key", x.op.key)
                      .with_header("x-amz-delete-marker", "true")
                      .with_header("x-amz-version-id", storage::shown_version_id(meta->version_id))
                      .because("version " + storage::shown_version_id(meta->version_id) + " of '" +
                               x.op.key +
                               "' is a delete marker, which has no "
                               "attributes"));
  }
  if (auto sse = check_read_encryption(x, *meta); !sse) return answer(sse.error());
  auto versioning = bucket_versioning(x, x.op.bucket);
  if (!versioning) return answer(versioning.error());
  core::Response r = xml_response(xml::render_object_attributes(*wanted, *meta));
  r.set_header("Last-Modified", core::format_http_date(meta->last_modified));
  add_version_header(*meta, *versioning, r);
  return answer(std::move(r));
}

}  // namespace s3sandbox::app
