// The SQLite schema of the index and the mapping between an `objects` row and ObjectMeta.
//
// Keys are BLOBs (memcmp order = S3's bytewise order; never mixed with TEXT, which would sort
// apart). Times are milliseconds since the epoch (S3's precision in listings). User metadata,
// checksums and part sizes are small JSON documents: they are only ever read with their row.
// `data_file` is the body's name relative to data/ ("ab/<id>"), or "" when the body is a row of
// `bodies` (small objects): `body_id` names it then. Bodies live in their own table so that the
// objects rows stay small: listing reads objects rows, never bodies.
//
// Object tags are one more JSON column of `objects` (and of `uploads`, for the object a
// completion makes): written by the same statement as the rest of the row, so an overwrite
// carries only the new tags and a delete drops them at no extra cost; nearly every object has
// none ('[]', two bytes). Point lookups read the column; listing never names it (never decodes
// it) because S3 lists no tags.
//
// Schema versions (PRAGMA user_version): 1 = buckets, objects; 2 = + uploads, parts (multipart);
// 3 = + bucket_cors (one row per bucket with a CORS configuration, its rules as JSON);
// 4 = + bodies, objects.body_id; 5 = + objects.tags, uploads.tags; 6 = + bucket_notification;
// 7 = + objects.settings, uploads.settings (ObjectMeta::settings, a JSON object, read with the
// tags) and bucket_settings (one document per bucket and feature name); 8 = + objects.version_id
// and object_versions (versioning: the noncurrent versions and delete markers of each key,
// sqlite_versions.cpp).
// Every table is created with IF NOT EXISTS, so running kSchemaSql brings any older version up
// to date in place, once the columns added since (kAddedColumns) are there.
// `uploads` rows are keyed (bucket, key, upload_id): ids sort by initiation time, so that key
// order is S3's ListMultipartUploads order. `parts` rows name a data file each; the start-up
// sweep counts them as referenced.
// Thread safety: pure functions over a Statement owned by the caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/storage/types.hpp"
#include "sqlite_db.hpp"

namespace s3sandbox::storage {

inline constexpr int kSchemaVersion = 8;
extern const char* const kSchemaSql;

// A column added to a table after the table's own version. The migration runs `sql` when the
// table exists without the column (a table created later gets it from kSchemaSql).
struct AddedColumn {
  const char* table;
  const char* column;
  const char* sql;
};
inline constexpr AddedColumn kAddedColumns[] = {
    {"objects", "body_id", "ALTER TABLE objects ADD COLUMN body_id INTEGER"},  // version 4
    {"objects", "tags", "ALTER TABLE objects ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'"},  // 5
    {"uploads", "tags", "ALTER TABLE uploads ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'"},  // 5
    {"objects", "settings",
     "ALTER TABLE objects ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'"},  // 7
    {"uploads", "settings",
     "ALTER TABLE uploads ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'"},  // 7
    {"objects", "version_id",
     "ALTER TABLE objects ADD COLUMN version_id TEXT NOT NULL DEFAULT ''"},  // 8
};

// The column list read by read_object_row(): "SELECT " S3SANDBOX_OBJECT_COLUMNS " FROM ...".
// A macro so that each SQL statement stays one string literal. Listing reads these; point
// lookups read S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS (the tags are column 18, the feature settings
// column 19, the version id column 20). `object_versions` has the same columns (plus seq,
// delete_marker and noncurrent_since), so the macro reads both tables.
#define S3SANDBOX_OBJECT_COLUMNS                                                          \
  "key, size, etag, last_modified, content_type, content_disposition, content_encoding, " \
  "content_language, cache_control, expires, user_metadata, checksums, checksum_type, "   \
  "storage_class, parts_count, part_sizes, data_file, body_id"
#define S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS S3SANDBOX_OBJECT_COLUMNS ", tags, settings, version_id"
inline constexpr int kObjectTagsColumn = 18;
inline constexpr int kObjectSettingsColumn = 19;
inline constexpr int kObjectVersionIdColumn = 20;
inline constexpr int kObjectColumnsWithTags = 21;  // the next column of a SELECT is this one

struct ObjectRow {
  ObjectMeta meta;
  std::string data_file;                // "" when the body is in `bodies`
  std::optional<std::int64_t> body_id;  // its row there
  // The body itself, when read with the row (open_object) or about to be inserted (commit).
  std::shared_ptr<const std::string> body;
};

// Reads the S3SANDBOX_OBJECT_COLUMNS starting at column 0 of the current row, and with
// `with_tags` the tags (S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS).
ObjectRow read_object_row(const db::Statement& s, const std::string& bucket, bool with_tags);

// "INSERT OR REPLACE INTO objects ..." with every column bound from `row` (tags included).
extern const char* const kUpsertObjectSql;
void bind_object_row(db::Statement& s, const ObjectRow& row);

// The JSON codecs of the small document columns (shared with the uploads/parts rows).
// Name/value pairs (user metadata, tags) are an array of [name, value] arrays, in order.
std::string encode_pairs(const std::vector<std::pair<std::string, std::string>>& m);
std::vector<std::pair<std::string, std::string>> decode_pairs(const std::string& text,
                                                              std::string_view column);
inline std::string encode_metadata(const std::vector<std::pair<std::string, std::string>>& m) {
  return encode_pairs(m);
}
inline std::vector<std::pair<std::string, std::string>> decode_metadata(const std::string& text) {
  return decode_pairs(text, "user_metadata");
}
inline std::string encode_tags(const std::vector<std::pair<std::string, std::string>>& tags) {
  return encode_pairs(tags);
}
inline std::vector<std::pair<std::string, std::string>> decode_tags(const std::string& text) {
  return decode_pairs(text, "tags");
}
std::string encode_checksums(const std::map<std::string, std::string>& m);
std::map<std::string, std::string> decode_checksums(const std::string& text);
std::string encode_settings(const std::map<std::string, std::string>& m);
std::map<std::string, std::string> decode_settings(const std::string& text);
std::string encode_part_sizes(const std::vector<std::uint64_t>& sizes);
std::vector<std::uint64_t> decode_part_sizes(const std::string& text);

inline std::int64_t to_millis(core::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline core::TimePoint from_millis(std::int64_t ms) {
  return core::TimePoint(std::chrono::milliseconds(ms));
}

}  // namespace s3sandbox::storage
