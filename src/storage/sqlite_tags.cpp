// SqliteBackend::put_object_tags and put_object_settings: replace the tags (or the feature
// settings) column of the current object's row, leaving
// the rest of the row (etag, size, last_modified, body) as it is.
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {

core::Result<ObjectMeta> SqliteBackend::put_object_tags(
    const std::string& bucket, const std::string& key,
    std::vector<std::pair<std::string, std::string>> tags) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto row = find_object(**tx, bucket, key);  // NoSuchKey or NoSuchBucket, as head_object
  if (!row) return row.error();
  auto s = (*tx)->prepare("UPDATE objects SET tags = ?3 WHERE bucket = ?1 AND key = ?2");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key).bind_text(3, encode_tags(tags));
  if (auto r = (*s)->run(); !r) return r.error();
  // The commit advances the write generation: cached rows of the object are stale from here.
  if (auto r = tx->commit(); !r) return r.error();
  row->meta.tags = std::move(tags);
  return std::move(row->meta);
}

}  // namespace s3sandbox::storage

namespace s3sandbox::storage {

core::Result<ObjectMeta> SqliteBackend::put_object_settings(
    const std::string& bucket, const std::string& key,
    std::map<std::string, std::string> settings) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto row = find_object(**tx, bucket, key);
  if (!row) return row.error();
  auto s = (*tx)->prepare("UPDATE objects SET settings = ?3 WHERE bucket = ?1 AND key = ?2");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key).bind_text(3, encode_settings(settings));
  if (auto r = (*s)->run(); !r) return r.error();
  if (auto r = tx->commit(); !r) return r.error();
  row->meta.settings = std::move(settings);
  return std::move(row->meta);
}

}  // namespace s3sandbox::storage
