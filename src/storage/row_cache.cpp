#include "row_cache.hpp"

#include <functional>
#include <string>

namespace s3sandbox::storage {

bool KnownBuckets::contains(const std::string& bucket, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  return names_generation_ == generation && names_.contains(bucket);
}

void KnownBuckets::remember(const std::string& bucket, std::uint64_t generation) {
  std::lock_guard lock(mutex_);
  if (generation != this->generation()) return;  // a deletion since: what was seen may be gone
  if (names_generation_ != generation || names_.size() >= kCapacity) {
    names_.clear();
    names_generation_ = generation;
  }
  names_.insert(bucket);
}

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

std::size_t ObjectRowCache::body_bytes(const Entry& e) {
  return e.row && e.row->body ? e.row->body->size() : 0;
}

void ObjectRowCache::remember(const ObjectRow& row, std::uint64_t generation) {
  std::string k = cache_key(row.meta.bucket, row.meta.key);
  auto shared = std::make_shared<ObjectRow>(row);
  Shard& shard = shard_for(k);
  std::lock_guard lock(shard.mutex);
  auto it = shard.rows.find(k);
  if (it != shard.rows.end()) {
    shard.body_bytes -= body_bytes(it->second);
    shard.rows.erase(it);
  } else if (shard.rows.size() >= kShardCapacity) {
    shard.rows.clear();
    shard.body_bytes = 0;
  }
  // Over the budget, the row is kept without its body (a GET then reads the body from SQLite).
  if (shared->body && shard.body_bytes + shared->body->size() > kShardBodyBudget) {
    shared->body.reset();
  }
  Entry entry{std::move(shared), generation};
  shard.body_bytes += body_bytes(entry);
  shard.rows.emplace(std::move(k), std::move(entry));
}

void ObjectRowCache::forget(const std::string& bucket, const std::string& key) {
  const std::string k = cache_key(bucket, key);
  Shard& shard = shard_for(k);
  std::lock_guard lock(shard.mutex);
  auto it = shard.rows.find(k);
  if (it == shard.rows.end()) return;
  shard.body_bytes -= body_bytes(it->second);
  shard.rows.erase(it);
}

std::size_t ObjectRowCache::cached_body_bytes() {
  std::size_t total = 0;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.body_bytes;
  }
  return total;
}

}  // namespace s3sandbox::storage
