// SqliteBackend: the bucket notification configuration, one `bucket_notification` row per
// bucket holding the document as the app rendered it. The read joins `buckets` so that a missing
// bucket (NoSuchBucket) and a bucket without a configuration ("") are told apart in one SELECT:
// it runs for every object write and delete, to decide whether the write produces an event.
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {

core::Result<void> SqliteBackend::put_bucket_notification(const std::string& bucket,
                                                          const std::string& document) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**tx, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  auto s = (*tx)->prepare(document.empty()
                              ? "DELETE FROM bucket_notification WHERE bucket = ?1"
                              : "INSERT OR REPLACE INTO bucket_notification(bucket, document) "
                                "VALUES (?1, ?2)");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket);
  if (!document.empty()) (*s)->bind_text(2, document);
  if (auto r = (*s)->run(); !r) return r;
  return tx->commit();
}

core::Result<std::string> SqliteBackend::get_bucket_notification(const std::string& bucket) {
  auto document = read_bucket_setting(
      "SELECT n.document FROM buckets b LEFT JOIN bucket_notification n ON n.bucket = b.name "
      "WHERE b.name = ?1",
      bucket);
  if (!document) return document.error();
  return document->value_or(std::string());
}

core::Result<std::optional<std::string>> SqliteBackend::read_bucket_setting(
    const char* select, const std::string& bucket) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto s = (*c)->prepare(select);
  if (!s) return s.error();
  (*s)->bind_text(1, bucket);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return no_such_bucket();
  if ((*s)->is_null(0)) return std::optional<std::string>();
  return std::optional<std::string>((*s)->text(0));
}

}  // namespace s3sandbox::storage
