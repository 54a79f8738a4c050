// Plain data types of S3 versioning in the storage layer: a bucket's versioning status, one
// entry of ListObjectVersions, its query and page, and what a delete did.
//
// The model (S3's, see Backend's contract in backend.hpp):
// - A bucket is Unversioned until PutBucketVersioning first sets Enabled; after that it is
//   Enabled or Suspended, never Unversioned again.
// - Every key has a stack of versions, newest first: object versions and delete markers. The
//   newest is "the latest"; GET/HEAD without a version id read it (404 when it is a marker).
// - Version ids are opaque strings; "" in ObjectMeta::version_id is the null version (S3's
//   "null"): every object written while the bucket was Unversioned or Suspended. A key has at
//   most one null version: Suspended writes (and deletes) replace it.
// - A version stops being current when a newer one is stacked on it: `noncurrent_since` is
//   that moment (S3's lifecycle counts noncurrent days from it).
// Thread safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::storage {

enum class VersioningStatus { kUnversioned, kEnabled, kSuspended };

// The name of the bucket setting (Backend::put_bucket_setting) that holds the status, and its
// documents. Written only through Backend::put_bucket_versioning.
inline constexpr std::string_view kVersioningSetting = "versioning";
inline constexpr std::string_view kVersioningEnabled = "Enabled";
inline constexpr std::string_view kVersioningSuspended = "Suspended";

// The status a bucket's "versioning" setting document stands for ("" = Unversioned).
inline VersioningStatus versioning_status_of(std::string_view document) {
  if (document == kVersioningEnabled) return VersioningStatus::kEnabled;
  if (document == kVersioningSuspended) return VersioningStatus::kSuspended;
  return VersioningStatus::kUnversioned;
}

// The version id S3 shows for ObjectMeta::version_id ("" is "null").
inline std::string shown_version_id(const std::string& version_id) {
  return version_id.empty() ? std::string("null") : version_id;
}

// One <Version> or <DeleteMarker> of ListObjectVersions (and of list_object_versions).
struct VersionEntry {
  ObjectMeta meta;  // meta.delete_marker tells which; tags and settings are not read
  bool is_latest = false;
  // When a newer version was stacked on it; nullopt for the latest.
  std::optional<core::TimePoint> noncurrent_since;
};

struct VersionsQuery {
  std::string prefix;
  std::string delimiter;  // empty: none
  // key_marker alone: keys strictly after it. With version_id_marker ("null" or an id): the
  // versions of key_marker older than that version first, then the keys after it.
  std::string key_marker;
  std::string version_id_marker;
  int max_keys = 1000;  // versions, markers and common prefixes all count
};

struct VersionsPage {
  std::vector<VersionEntry> versions;  // key ascending, newest first within a key
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // When truncated: where the next page starts (the last entry returned: its key and shown
  // version id; a common prefix gives the prefix and no version id).
  std::string next_key_marker, next_version_id_marker;
};

// What a delete did: the version it created (a delete marker) or removed.
struct DeleteOutcome {
  // The delete marker's or removed version's id ("" = the null version); nullopt when nothing
  // was versioned (an Unversioned bucket) or a permanent delete found no such version.
  std::optional<std::string> version_id;
  bool delete_marker = false;  // the version created or removed is a delete marker
};

}  // namespace s3sandbox::storage
