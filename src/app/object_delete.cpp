// DeleteObject and DeleteObjects (multi-object delete, with quiet mode).
#include "handlers.hpp"
#include "object_events.hpp"
#include "respond.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

Started delete_object(ExchangeState& x) {
  auto r = x.services.backend.delete_object(x.op.bucket, x.op.key);
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  // Without versioning a delete removes the object: ObjectRemoved:Delete, never
  // DeleteMarkerCreated (which S3 sends for a delete in a versioning-enabled bucket).
  report_object_event(x, "ObjectRemoved:Delete", x.op.key, nullptr);
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

// The Delete document has been collected and checked against its Content-MD5 or checksum, which
// S3 requires (the table's INTEGRITY column).
core::Result<core::Response> delete_objects(ExchangeState& x, std::string body) {
  auto request = xml::parse_delete_request(body);
  if (!request) return request.error();
  std::vector<xml::DeleteOutcome> outcomes;
  for (const std::string& key : request->keys) {
    auto r = x.services.backend.delete_object(x.op.bucket, key);
    if (!r && r.error().code == core::ErrorCode::kNoSuchBucket) {
      return r.error().with("BucketName", x.op.bucket);
    }
    xml::DeleteOutcome o;
    o.key = key;
    if (!r) {
      o.deleted = false;
      o.error_code = std::string(r.error().info().code);
      o.error_message = std::string(r.error().effective_message());
    } else {
      report_object_event(x, "ObjectRemoved:Delete", key, nullptr);
    }
    outcomes.push_back(std::move(o));
  }
  return xml_response(xml::render_delete_result(outcomes, request->quiet));
}

}  // namespace s3sandbox::app
