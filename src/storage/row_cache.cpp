#include "row_cache.hpp"

#include <functional>
#include <string>

namespace s3sandbox::storage {

std::string ObjectRowCache::cache_key(const std::string& bucket, const std::string& key) {
  // "<bucket length>:<bucket><key>": unambiguous whatever bytes the names hold.
  std::string k = std::to_string(bucket.size());
  k.reserve(k.size() + 1 + bucket.size() + key.size());
  k.push_back(':');
  k.append(bucket).append(key);
  return k;
}

ObjectRowCache::Shard& ObjectRowCache::shard_for(const std::string& cache_key) {
  return shards_[std::hash<std::string>{}(cache_key) % kShards];
}

std::optional<ObjectRow> ObjectRowCache::find(const std::string& bucket, const std::string& key,
                                              std::uint64_t generation) {
  const std::string k = cache_key(bucket, key);
  Shard& shard = shard_for(k);
  std::shared_ptr<const ObjectRow> row;
  {
    std::lock_guard lock(shard.mutex);
    const auto it = shard.rows.find(k);
    if (it == shard.rows.end() || it->second.generation != generation) return std::nullopt;
    row = it->second.row;
  }
  return *row;  // copied outside the lock
}

void ObjectRowCache::remember(const ObjectRow& row, std::uint64_t generation) {
  std::string k = cache_key(row.meta.bucket, row.meta.key);
  auto shared = std::make_shared<const ObjectRow>(row);
  Shard& shard = shard_for(k);
  std::lock_guard lock(shard.mutex);
  if (shard.rows.size() >= kShardCapacity && !shard.rows.contains(k)) shard.rows.clear();
  shard.rows.insert_or_assign(std::move(k), Entry{std::move(shared), generation});
}

void ObjectRowCache::forget(const std::string& bucket, const std::string& key) {
  const std::string k = cache_key(bucket, key);
  Shard& shard = shard_for(k);
  std::lock_guard lock(shard.mutex);
  shard.rows.erase(k);
}

}  // namespace s3sandbox::storage
