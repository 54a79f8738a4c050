// DeleteObject and DeleteObjects (multi-object delete, with quiet mode), under the bucket's
// versioning: without a version id a delete removes the object (Unversioned) or stacks a
// delete marker (versioned); with one it removes that version or marker for good.
#include "handlers.hpp"
#include "object_events.hpp"
#include "respond.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

// One delete: by version when `version_id` is set, else under the bucket's status.
core::Result<storage::DeleteOutcome> delete_one(ExchangeState& x, const std::string& key,
                                                const std::optional<std::string>& version_id) {
  auto r = version_id ? x.services.backend.delete_object_version(x.op.bucket, key, *version_id)
                      : x.services.backend.delete_object_versioned(x.op.bucket, key);
  if (!r) return r.error();
  // S3 sends DeleteMarkerCreated for a marker stacked by a delete; any other removal
  // (an object, or a version or marker deleted for good) is ObjectRemoved:Delete.
  const bool marker_created = !version_id && r->delete_marker;
  if (marker_created || !version_id || r->version_id) {
    report_object_event(
        x, marker_created ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete", key,
        nullptr);
  }
  return r;
}

}  // namespace

Started delete_object(ExchangeState& x) {
  auto version = requested_version(x);
  if (!version) return answer(version.error());
  auto r = delete_one(x, x.op.key, *version);
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  core::Response response;
  response.status = 204;
  if (*version) {
    // S3 echoes the version named, whether or not it was there.
    response.set_header("x-amz-version-id", **version);
  } else if (r->version_id) {
    response.set_header("x-amz-version-id", storage::shown_version_id(*r->version_id));
  }
  if (r->delete_marker) response.set_header("x-amz-delete-marker", "true");
  return answer(std::move(response));
}

// The Delete document has been collected and checked against its Content-MD5 or checksum, which
// S3 requires (the table's INTEGRITY column).
core::Result<core::Response> delete_objects(ExchangeState& x, std::string body) {
  auto request = xml::parse_delete_request(body);
  if (!request) return request.error();
  std::vector<xml::DeleteOutcome> outcomes;
  for (std::size_t i = 0; i < request->keys.size(); ++i) {
    const std::string& key = request->keys[i];
    const std::string& named = request->version_ids[i];
    xml::DeleteOutcome o;
    o.key = key;
    o.version_id = named;
    if (!named.empty() && !is_valid_version_id(named)) {
      o.deleted = false;
      o.error_code = "NoSuchVersion";
      o.error_message = "The specified version does not exist.";
      outcomes.push_back(std::move(o));
      continue;
    }
    auto r = delete_one(x, key, named.empty() ? std::nullopt : std::optional<std::string>(named));
    if (!r && r.error().code == core::ErrorCode::kNoSuchBucket) {
      return r.error().with("BucketName", x.op.bucket);
    }
    if (!r) {
      o.deleted = false;
      o.error_code = std::string(r.error().info().code);
      o.error_message = std::string(r.error().effective_message());
    } else if (r->delete_marker) {
      o.delete_marker = true;
      o.delete_marker_version_id =
          named.empty() ? storage::shown_version_id(r->version_id.value_or("")) : named;
    }
    outcomes.push_back(std::move(o));
  }
  return xml_response(xml::render_delete_result(outcomes, request->quiet));
}

}  // namespace s3sandbox::app
