#include "versioning.hpp"

#include <algorithm>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {

bool is_valid_version_id(std::string_view id) {
  if (id == "null") return true;
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

core::Result<std::optional<std::string>> requested_version(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("versionId");
  if (p == nullptr) return std::optional<std::string>();
  if (p->value.empty()) {
    return core::S3Error(core::ErrorCode::kInvalidArgument, "Version id cannot be the empty string")
        .with("ArgumentName", "versionId")
        .with("ArgumentValue", "");
  }
  if (!is_valid_version_id(p->value)) {
    return core::S3Error(core::ErrorCode::kInvalidArgument, "Invalid version id specified")
        .with("ArgumentName", "versionId")
        .with("ArgumentValue", std::string(p->value))
        .because("'" + std::string(p->value) +
                 "' is not a version id of this server: they are 'null' or the 32 hex "
                 "characters of x-amz-version-id (ListObjectVersions lists them).");
  }
  return std::optional<std::string>(std::string(p->value));
}

core::Result<storage::VersioningStatus> bucket_versioning(const ExchangeState& x,
                                                          const std::string& bucket) {
  return x.services.backend.get_bucket_versioning(bucket);
}

void add_version_header(const storage::ObjectMeta& meta, storage::VersioningStatus status,
                        core::Response& r) {
  if (status == storage::VersioningStatus::kUnversioned && meta.version_id.empty()) return;
  r.set_header("x-amz-version-id", storage::shown_version_id(meta.version_id));
}

core::Result<storage::ObjectMeta> head_requested_version(const ExchangeState& x) {
  auto version = requested_version(x);
  if (!version) return version.error();
  if (*version) return x.services.backend.head_object_version(x.op.bucket, x.op.key, **version);
  return x.services.backend.head_object(x.op.bucket, x.op.key);
}

void add_new_version_header(const storage::ObjectMeta& meta, core::Response& r) {
  if (!meta.version_id.empty()) r.set_header("x-amz-version-id", meta.version_id);
}

core::S3Error delete_marker_not_allowed(const storage::ObjectMeta& marker,
                                        std::string_view method) {
  return core::S3Error(core::ErrorCode::kMethodNotAllowed,
                       "The specified method is not allowed against this resource.")
      .with("Method", std::string(method))
      .with("ResourceType", "DeleteMarker")
      .with_header("x-amz-delete-marker", "true")
      .with_header("x-amz-version-id", storage::shown_version_id(marker.version_id))
      .with_header("Allow", "DELETE")
      .with_header("Last-Modified", core::format_http_date(marker.last_modified))
      .because("Version " + storage::shown_version_id(marker.version_id) + " of '" + marker.key +
               "' is a delete marker, which has no body; DELETE it by its version id to make the "
               "previous version current again.");
}

}  // namespace s3sandbox::app
