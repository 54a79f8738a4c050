// SqliteBackend: the feature settings of buckets (`bucket_settings`, one document per bucket and
// name). Access checks read a bucket's settings on every request, so get_bucket_settings keeps
// the last map read per bucket and serves it while the write generation is unchanged (the rule
// of row_cache.hpp: the generation is read before SQLite, and any commit makes the entry stale).
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {

core::Result<void> SqliteBackend::put_bucket_setting(const std::string& bucket,
                                                     const std::string& name,
                                                     const std::string& document) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**tx, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  auto s = (*tx)->prepare(document.empty()
                              ? "DELETE FROM bucket_settings WHERE bucket = ?1 AND name = ?2"
                              : "INSERT OR REPLACE INTO bucket_settings(bucket, name, document) "
                                "VALUES (?1, ?2, ?3)");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_text(2, name);
  if (!document.empty()) (*s)->bind_text(3, document);
  if (auto r = (*s)->run(); !r) return r;
  return tx->commit();
}

core::Result<BucketSettings> SqliteBackend::get_bucket_settings(const std::string& bucket) {
  const std::uint64_t generation = write_gate_.generation();  // before SQLite: row_cache.hpp
  {
    std::lock_guard lock(settings_cache_mutex_);
    auto it = settings_cache_.find(bucket);
    if (it != settings_cache_.end() && it->second.generation == generation)
      return it->second.settings;
  }
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto exists = bucket_exists(**c, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  auto s = (*c)->prepare("SELECT name, document FROM bucket_settings WHERE bucket = ?1");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket);
  auto settings = std::make_shared<std::map<std::string, std::string>>();
  while (true) {
    auto row = (*s)->step();
    if (!row) return row.error();
    if (!*row) break;
    settings->emplace((*s)->text(0), (*s)->text(1));
  }
  BucketSettings shared = std::move(settings);
  std::lock_guard lock(settings_cache_mutex_);
  // Bounded: a server with more buckets than this in use starts over (rare; a miss is one read).
  if (settings_cache_.size() >= kSettingsCacheCapacity) settings_cache_.clear();
  settings_cache_[bucket] = CachedSettings{shared, generation};
  return shared;
}

}  // namespace s3sandbox::storage
