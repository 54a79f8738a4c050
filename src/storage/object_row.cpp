#include "object_row.hpp"

#include <boost/json.hpp>

#include "s3sandbox/core/log.hpp"

namespace s3sandbox::storage {
namespace json = boost::json;

const char* const kSchemaSql = R"sql(
CREATE TABLE IF NOT EXISTS buckets(
  name    TEXT PRIMARY KEY,
  created INTEGER NOT NULL,
  region  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects(
  bucket              TEXT NOT NULL,
  key                 BLOB NOT NULL,
  size                INTEGER NOT NULL,
  etag                TEXT NOT NULL,
  last_modified       INTEGER NOT NULL,
  content_type        TEXT NOT NULL DEFAULT '',
  content_disposition TEXT NOT NULL DEFAULT '',
  content_encoding    TEXT NOT NULL DEFAULT '',
  content_language    TEXT NOT NULL DEFAULT '',
  cache_control       TEXT NOT NULL DEFAULT '',
  expires             TEXT NOT NULL DEFAULT '',
  user_metadata       TEXT NOT NULL DEFAULT '[]',
  checksums           TEXT NOT NULL DEFAULT '{}',
  checksum_type       TEXT NOT NULL DEFAULT '',
  storage_class       TEXT NOT NULL DEFAULT 'STANDARD',
  parts_count         INTEGER NOT NULL DEFAULT 0,
  part_sizes          TEXT NOT NULL DEFAULT '[]',
  data_file           TEXT NOT NULL,
  body_id             INTEGER,
  tags                TEXT NOT NULL DEFAULT '[]',
  settings            TEXT NOT NULL DEFAULT '{}',
  version_id          TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(bucket, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bodies(
  id    INTEGER PRIMARY KEY,
  bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads(
  bucket              TEXT NOT NULL,
  key                 BLOB NOT NULL,
  upload_id           TEXT NOT NULL,
  initiated           INTEGER NOT NULL,
  content_type        TEXT NOT NULL DEFAULT '',
  content_disposition TEXT NOT NULL DEFAULT '',
  content_encoding    TEXT NOT NULL DEFAULT '',
  content_language    TEXT NOT NULL DEFAULT '',
  cache_control       TEXT NOT NULL DEFAULT '',
  expires             TEXT NOT NULL DEFAULT '',
  user_metadata       TEXT NOT NULL DEFAULT '[]',
  checksum_type       TEXT NOT NULL DEFAULT '',
  storage_class       TEXT NOT NULL DEFAULT 'STANDARD',
  checksum_algorithm  TEXT NOT NULL DEFAULT '',
  tags                TEXT NOT NULL DEFAULT '[]',
  settings            TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY(bucket, key, upload_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS parts(
  upload_id     TEXT NOT NULL,
  number        INTEGER NOT NULL,
  size          INTEGER NOT NULL,
  etag          TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  checksums     TEXT NOT NULL DEFAULT '{}',
  data_file     TEXT NOT NULL,
  PRIMARY KEY(upload_id, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bucket_cors(
  bucket TEXT PRIMARY KEY,
  rules  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bucket_notification(
  bucket   TEXT PRIMARY KEY,
  document TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bucket_settings(
  bucket   TEXT NOT NULL,
  name     TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY(bucket, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS object_versions(
  bucket              TEXT NOT NULL,
  key                 BLOB NOT NULL,
  seq                 INTEGER NOT NULL,
  delete_marker       INTEGER NOT NULL DEFAULT 0,
  noncurrent_since    INTEGER,
  size                INTEGER NOT NULL DEFAULT 0,
  etag                TEXT NOT NULL DEFAULT '',
  last_modified       INTEGER NOT NULL,
  content_type        TEXT NOT NULL DEFAULT '',
  content_disposition TEXT NOT NULL DEFAULT '',
  content_encoding    TEXT NOT NULL DEFAULT '',
  content_language    TEXT NOT NULL DEFAULT '',
  cache_control       TEXT NOT NULL DEFAULT '',
  expires             TEXT NOT NULL DEFAULT '',
  user_metadata       TEXT NOT NULL DEFAULT '[]',
  checksums           TEXT NOT NULL DEFAULT '{}',
  checksum_type       TEXT NOT NULL DEFAULT '',
  storage_class       TEXT NOT NULL DEFAULT 'STANDARD',
  parts_count         INTEGER NOT NULL DEFAULT 0,
  part_sizes          TEXT NOT NULL DEFAULT '[]',
  data_file           TEXT NOT NULL DEFAULT '',
  body_id             INTEGER,
  tags                TEXT NOT NULL DEFAULT '[]',
  settings            TEXT NOT NULL DEFAULT '{}',
  version_id          TEXT NOT NULL,
  PRIMARY KEY(bucket, key, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS object_versions_by_id ON object_versions(bucket, key, version_id);
PRAGMA user_version = 8;
)sql";

const char* const kUpsertObjectSql =
    "INSERT OR REPLACE INTO objects(bucket, " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?20, ?21, ?22)";

namespace {

// Our own JSON; a parse failure means a damaged database: log it and read the field as empty.
json::value parse_column(const std::string& text, std::string_view column) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) {
    core::log_error(std::string("storage: unreadable ") + std::string(column) + " column");
    return nullptr;
  }
  return v;
}

}  // namespace

// Almost every object has no user metadata and no tags: those skip the JSON codec.
constexpr std::string_view kNoPairs = "[]";

std::string encode_pairs(const std::vector<std::pair<std::string, std::string>>& m) {
  if (m.empty()) return std::string(kNoPairs);
  json::array a;
  for (const auto& [name, value] : m)
    a.push_back(json::array{json::string(name), json::string(value)});
  return json::serialize(a);
}

std::vector<std::pair<std::string, std::string>> decode_pairs(const std::string& text,
                                                              std::string_view column) {
  std::vector<std::pair<std::string, std::string>> out;
  if (text == kNoPairs) return out;
  json::value v = parse_column(text, column);
  if (const json::array* a = v.if_array()) {
    for (const json::value& pair : *a) {
      const json::array* p = pair.if_array();
      if (p == nullptr || p->size() != 2 || !(*p)[0].is_string() || !(*p)[1].is_string()) continue;
      out.emplace_back(std::string((*p)[0].get_string()), std::string((*p)[1].get_string()));
    }
  }
  return out;
}

std::string encode_checksums(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [name, value] : m) o[name] = value;
  return json::serialize(o);
}

// Almost every object has no feature settings: those skip the JSON codec.
constexpr std::string_view kNoSettings = "{}";

std::string encode_settings(const std::map<std::string, std::string>& m) {
  if (m.empty()) return std::string(kNoSettings);
  return encode_checksums(m);  // the same shape: a JSON object of strings
}

std::map<std::string, std::string> decode_settings(const std::string& text) {
  if (text == kNoSettings) return {};
  return decode_checksums(text);
}

std::map<std::string, std::string> decode_checksums(const std::string& text) {
  std::map<std::string, std::string> out;
  json::value v = parse_column(text, "checksums");
  if (const json::object* o = v.if_object()) {
    for (const auto& entry : *o) {
      if (entry.value().is_string()) {
        out.emplace(std::string(entry.key()), std::string(entry.value().get_string()));
      }
    }
  }
  return out;
}

std::string encode_part_sizes(const std::vector<std::uint64_t>& sizes) {
  json::array a;
  for (std::uint64_t s : sizes) a.push_back(s);
  return json::serialize(a);
}

std::vector<std::uint64_t> decode_part_sizes(const std::string& text) {
  std::vector<std::uint64_t> out;
  json::value v = parse_column(text, "part_sizes");
  if (const json::array* a = v.if_array()) {
    for (const json::value& s : *a) {
      if (s.is_uint64())
        out.push_back(s.get_uint64());
      else if (s.is_int64() && s.get_int64() >= 0)
        out.push_back(static_cast<std::uint64_t>(s.get_int64()));
    }
  }
  return out;
}

ObjectRow read_object_row(const db::Statement& s, const std::string& bucket, bool with_tags) {
  ObjectRow row;
  ObjectMeta& m = row.meta;
  m.bucket = bucket;
  m.key = s.text(0);
  m.size = static_cast<std::uint64_t>(s.integer(1));
  m.etag = s.text(2);
  m.last_modified = from_millis(s.integer(3));
  m.content.content_type = s.text(4);
  m.content.content_disposition = s.text(5);
  m.content.content_encoding = s.text(6);
  m.content.content_language = s.text(7);
  m.content.cache_control = s.text(8);
  m.content.expires = s.text(9);
  m.user_metadata = decode_metadata(s.text(10));
  m.checksums = decode_checksums(s.text(11));
  m.checksum_type = s.text(12);
  m.storage_class = s.text(13);
  m.parts_count = static_cast<int>(s.integer(14));
  m.part_sizes = decode_part_sizes(s.text(15));
  row.data_file = s.text(16);
  if (!s.is_null(17)) row.body_id = s.integer(17);
  if (with_tags) {
    m.tags = decode_tags(s.text(kObjectTagsColumn));
    m.settings = decode_settings(s.text(kObjectSettingsColumn));
    m.version_id = s.text(kObjectVersionIdColumn);
  }
  return row;
}

void bind_object_row(db::Statement& s, const ObjectRow& row) {
  const ObjectMeta& m = row.meta;
  s.bind_text(1, m.bucket)
      .bind_blob(2, m.key)
      .bind_int(3, static_cast<std::int64_t>(m.size))
      .bind_text(4, m.etag)
      .bind_int(5, to_millis(m.last_modified))
      .bind_text(6, m.content.content_type)
      .bind_text(7, m.content.content_disposition)
      .bind_text(8, m.content.content_encoding)
      .bind_text(9, m.content.content_language)
      .bind_text(10, m.content.cache_control)
      .bind_text(11, m.content.expires)
      .bind_text(12, encode_metadata(m.user_metadata))
      .bind_text(13, encode_checksums(m.checksums))
      .bind_text(14, m.checksum_type)
      .bind_text(15, m.storage_class)
      .bind_int(16, m.parts_count)
      .bind_text(17, encode_part_sizes(m.part_sizes))
      .bind_text(18, row.data_file);
  if (row.body_id) {
    s.bind_int(19, *row.body_id);
  } else {
    s.bind_null(19);
  }
  s.bind_text(20, encode_tags(m.tags));
  s.bind_text(21, encode_settings(m.settings));
  s.bind_text(22, m.version_id);
}

}  // namespace s3sandbox::storage
