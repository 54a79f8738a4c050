// Versioning at the edge of the application: reading `?versionId=` (S3's checks), knowing
// whether a bucket is versioned (then version ids are shown, "null" included), and the
// x-amz-version-id / x-amz-delete-marker headers every versioned answer carries. Storage keeps
// the versions (storage/versions.hpp); handlers call these so that every operation reads and
// writes the headers the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "exchange_state.hpp"
#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/types.hpp"
#include "s3sandbox/storage/versions.hpp"

namespace s3sandbox::app {

// A version id as a client may send it: "null", or one s3sandbox issued (32 lower-case hex).
bool is_valid_version_id(std::string_view id);

// The request's ?versionId=, if any. InvalidArgument for an empty or malformed id, as S3
// answers ("Version id cannot be the empty string" / "Invalid version id specified").
core::Result<std::optional<std::string>> requested_version(const ExchangeState& x);

// The bucket's versioning status (cached by storage).
core::Result<storage::VersioningStatus> bucket_versioning(const ExchangeState& x,
                                                          const std::string& bucket);

// x-amz-version-id for an object read or written in a bucket that is or was versioned
// ("null" for the null version); nothing for a bucket never versioned.
void add_version_header(const storage::ObjectMeta& meta, storage::VersioningStatus status,
                        core::Response& r);

// x-amz-version-id for a version a write (PUT, POST, copy, completion) just created: only a
// versioned id (Enabled); a Suspended write's null version is not announced.
void add_new_version_header(const storage::ObjectMeta& meta, core::Response& r);

// The metadata of the version the request names with ?versionId=, else of the latest version
// (NoSuchKey, with the delete marker headers when the latest is one). InvalidArgument for a bad
// id; NoSuchVersion for a missing one. A delete marker comes back with meta.delete_marker set.
core::Result<storage::ObjectMeta> head_requested_version(const ExchangeState& x);

// The answer to GET or HEAD of a delete marker named by its version id: 405 MethodNotAllowed
// with x-amz-delete-marker, Allow: DELETE and the marker's Last-Modified, as S3 sends. `method`
// is the request's (GET for HEAD too, as S3 names it; PUT for PutObjectAcl).
core::S3Error delete_marker_not_allowed(const storage::ObjectMeta& marker,
                                        std::string_view method = "GET");

}  // namespace s3sandbox::app
