// DeleteObject and DeleteObjects (multi-object delete, with quiet mode), under the bucket's
// versioning: without a version id a delete removes the object (Unversioned) or stacks a
// delete marker (versioned); with one it removes that version or marker for good.
#include "authorize.hpp"
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
    // The event's versionId is the one the answer shows: the marker created, or the version
    // removed ("null" included); none for an unversioned bucket.
    std::optional<std::string> shown;
    if (r->version_id) shown = storage::shown_version_id(*r->version_id);
    report_object_event(
        x, marker_created ? "ObjectRemoved:DeleteMarkerCreated" : "ObjectRemoved:Delete", key,
        nullptr, std::move(shown));
  }
  return r;
}

// The keys of a DeleteObjects that authorization refused, for the journal and the log: the
// answer is a 200 whose <Error> entries say it, but whoever reads the journal should not have to
// open the body to learn which keys were refused and why.
class RefusedKeys {
 public:
  void add(const std::string& key, const std::string& version_id, const std::string& why) {
    if (count_++ == 0) {
      first_ = "key '" + key + "'" + (version_id.empty() ? "" : " version " + version_id) +
               (why.empty() ? "" : ": " + why);
    }
  }
  void describe(ExchangeState& x, std::size_t keys, core::Response& response) const {
    if (count_ == 0) return;
    std::string text = "DeleteObjects refused " + std::to_string(count_) + " of " +
                       std::to_string(keys) + " keys (AccessDenied, each authorized on its " +
                       "own as S3 does); the first, " + first_;
    if (x.facts != nullptr) x.facts->diagnosis = text;
    // Header values are one line of visible ASCII; keys may hold anything.
    for (char& c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7f) c = ' ';
    }
    response.set_header("x-s3sandbox-diagnosis", text);
  }

 private:
  std::size_t count_ = 0;
  std::string first_;
};

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
// S3 requires (the table's INTEGRITY column). Each object is authorized on its own (the request
// as a whole is not: authorize.cpp): s3:DeleteObject, or s3:DeleteObjectVersion with a version
// id, on that object's ARN; a refused object is an AccessDenied <Error> and the others are
// deleted.
core::Result<core::Response> delete_objects(ExchangeState& x, std::string body) {
  auto request = xml::parse_delete_request(body);
  if (!request) return request.error();
  std::vector<xml::DeleteOutcome> outcomes;
  RefusedKeys refused;
  for (std::size_t i = 0; i < request->keys.size(); ++i) {
    const std::string& key = request->keys[i];
    const std::string& named = request->version_ids[i];
    const std::optional<std::string> version =
        named.empty() ? std::nullopt : std::optional<std::string>(named);
    xml::DeleteOutcome o;
    o.key = key;
    o.version_id = named;
    if (auto allowed =
            authorize_object(x, router::OpKind::kDeleteObject, x.op.bucket, key, version);
        !allowed) {
      if (allowed.error().code == core::ErrorCode::kNoSuchBucket) {
        return allowed.error().with("BucketName", x.op.bucket);
      }
      o.deleted = false;
      o.error_code = std::string(allowed.error().info().code);
      o.error_message = std::string(allowed.error().effective_message());
      // SDKs hand the <Error> entries to the caller as they are: the reason rides in Message,
      // as in every refusal's (unless --messages s3).
      if (!x.services.options.s3_messages && !allowed.error().diagnosis.empty()) {
        o.error_message += " [s3sandbox: " + allowed.error().diagnosis + "]";
      }
      refused.add(key, named, allowed.error().diagnosis);
      outcomes.push_back(std::move(o));
      continue;
    }
    if (version && !is_valid_version_id(named)) {
      o.deleted = false;
      o.error_code = "NoSuchVersion";
      o.error_message = "The specified version does not exist.";
      outcomes.push_back(std::move(o));
      continue;
    }
    auto r = delete_one(x, key, version);
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
  core::Response response = xml_response(xml::render_delete_result(outcomes, request->quiet));
  refused.describe(x, request->keys.size(), response);
  return response;
}

}  // namespace s3sandbox::app
