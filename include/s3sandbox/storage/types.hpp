// Plain data types of the storage layer: buckets, object metadata, list queries and pages,
// multipart uploads and their parts, bucket CORS rules. Shared with the xml and app modules.
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::storage {

struct BucketInfo {
  std::string name;
  core::TimePoint created;
  std::string region;  // the LocationConstraint it was created with ("" = us-east-1)
};

// The representation headers S3 stores with an object and returns on GET/HEAD.
struct ContentHeaders {
  std::string content_type;  // stored as given; GET defaults it to binary/octet-stream if empty
  std::string content_disposition;
  std::string content_encoding;
  std::string content_language;
  std::string cache_control;
  std::string expires;  // kept verbatim, as S3 does
};

struct ObjectMeta {
  std::string bucket;
  std::string key;
  std::uint64_t size = 0;
  std::string etag;  // without quotes: "<md5 hex>" or "<md5 hex>-<parts>"
  core::TimePoint last_modified;
  ContentHeaders content;
  // x-amz-meta-* with the prefix removed and names lower-cased, in name order.
  std::vector<std::pair<std::string, std::string>> user_metadata;
  // Checksum algorithm name upper case ("CRC32", "SHA256", ...) -> base64 value.
  std::map<std::string, std::string> checksums;
  std::string checksum_type;  // "FULL_OBJECT" / "COMPOSITE" / "" when none
  std::string storage_class = "STANDARD";
  int parts_count = 0;  // > 0 for objects assembled by multipart upload
  // Part sizes of a multipart object, in part order (for GET ?partNumber=N).
  std::vector<std::uint64_t> part_sizes;
  // The object's tags (key, value), in the order given; at most 10, validated by the app.
  // Empty in list_objects' results (S3 lists no tags; reading them would slow listing).
  std::vector<std::pair<std::string, std::string>> tags;
  // Per-object state of the features beyond the core (ACL grants, the writer's account,
  // server-side encryption, website redirect...): setting name -> the feature's own text. Each
  // feature owns its names (prefix them with the feature: "acl", "sse.algorithm", ...). Stored
  // with the row like the tags, carried from CreateMultipartUpload to the completed object,
  // replaced whole by put_object_settings; empty in list_objects' results.
  std::map<std::string, std::string> settings;
  // Versioning (versions.hpp has the whole model): the version's id, "" for the null version
  // (every object of a bucket never versioned, and the one version Suspended mode keeps per
  // key); true for a delete marker (no body, size 0, no etag).
  std::string version_id;
  bool delete_marker = false;
};

// All of one bucket's feature documents (ownership controls, ACL, policy, public access block,
// encryption, tagging...): name -> document as the feature stored it. Shared and immutable: the
// backend hands out the same map until the next write.
using BucketSettings = std::shared_ptr<const std::map<std::string, std::string>>;

struct ListQuery {
  std::string prefix;
  std::string delimiter;  // empty: none
  std::string after;      // list keys strictly greater than this (marker / start-after / token)
  int max_keys = 1000;    // 0..1000
};

struct ListPage {
  std::vector<ObjectMeta> objects;           // in key order
  std::vector<std::string> common_prefixes;  // in order, each ends with the delimiter
  bool truncated = false;
  // The last key or common prefix returned: where the next page starts (exclusive).
  std::string next_after;
};

// Conditions checked atomically with the commit of a new object version.
struct WriteCondition {
  bool if_none_match_any = false;       // If-None-Match: * : fail if the key exists
  std::optional<std::string> if_match;  // If-Match: etag (unquoted) : fail unless it matches
};

// An in-progress multipart upload.
struct MultipartUpload {
  std::string bucket, key, upload_id;
  core::TimePoint initiated;  // whole seconds, as S3 shows it
  // What CreateMultipartUpload fixed for the final object: content headers, user_metadata,
  // storage_class, checksums (empty), checksum_type, tags.
  ObjectMeta meta;
  std::string checksum_algorithm;  // "CRC32"... or "" when none
};

struct PartInfo {
  int number = 0;  // 1..10000
  std::uint64_t size = 0;
  std::string etag;  // md5 hex, unquoted
  core::TimePoint last_modified;
  std::map<std::string, std::string> checksums;  // algorithm name -> base64
};

struct PartsPage {
  std::vector<PartInfo> parts;  // by part number
  bool truncated = false;
  int next_marker = 0;  // the last part number returned (0 when none)
};

struct UploadsQuery {
  std::string prefix, delimiter, key_marker, upload_id_marker;
  int max_uploads = 1000;  // uploads and common prefixes both count
};

struct UploadsPage {
  std::vector<MultipartUpload> uploads;  // ordered by key, then initiation time, then upload id
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // The last upload (key and id) or common prefix (key only, id empty) returned.
  std::string next_key_marker, next_upload_id_marker;
};

// One <CORSRule> of a bucket's CORS configuration, values as PutBucketCors received them
// (validated by the xml parser: methods among GET/PUT/POST/DELETE/HEAD, at most one '*' per
// origin and per allowed header, none in expose headers).
struct CorsRule {
  std::string id;                            // "" when the rule has none (then no <ID> is rendered)
  std::vector<std::string> allowed_origins;  // 1 or more
  std::vector<std::string> allowed_methods;  // 1 or more
  std::vector<std::string> allowed_headers;
  std::vector<std::string> expose_headers;
  std::optional<std::int64_t> max_age_seconds;  // 0..2^31-1

  bool operator==(const CorsRule&) const = default;
};

}  // namespace s3sandbox::storage
