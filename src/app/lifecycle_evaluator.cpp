#include "s3sandbox/app/lifecycle_evaluator.hpp"

#include <algorithm>
#include <vector>

#include "lifecycle_rules.hpp"
#include "s3sandbox/app/event_sink.hpp"
#include "s3sandbox/app/exchange_record.hpp"
#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/core/uri.hpp"

namespace s3sandbox::app {
namespace {

constexpr std::string_view kExpiration = "Lifecycle.Expiration";
constexpr std::string_view kAbort = "Lifecycle.AbortIncompleteMultipartUpload";
constexpr std::string_view kNoncurrent = "Lifecycle.NoncurrentVersionExpiration";
constexpr std::string_view kMarker = "Lifecycle.ExpiredObjectDeleteMarker";
constexpr int kPage = 1000;

// The fewest prefixes whose listings cover every prefix given ("" covers all).
std::vector<std::string> covering_prefixes(std::vector<std::string> prefixes) {
  std::sort(prefixes.begin(), prefixes.end());
  std::vector<std::string> out;
  for (std::string& p : prefixes) {
    if (!out.empty() && p.starts_with(out.back())) continue;
    out.push_back(std::move(p));
  }
  return out;
}

void lower(std::optional<core::TimePoint>& due, core::TimePoint at) {
  if (!due || at < *due) due = at;
}

}  // namespace

LifecycleEvaluator::LifecycleEvaluator(storage::Backend& backend, const core::Clock& clock,
                                       std::string region)
    : backend_(backend), clock_(clock), region_(std::move(region)) {}

LifecycleEvaluator::~LifecycleEvaluator() { stop(); }

void LifecycleEvaluator::record(std::string_view operation, const std::string& bucket,
                                const std::string& key, const std::string& diagnosis) {
  if (observer_ == nullptr) return;
  core::RequestView request;
  request.method = "DELETE";
  request.path = "/" + bucket + "/" + core::uri_encode(key, {.keep_slash = true});
  request.target = request.path;
  ExchangeFacts facts;
  facts.time = clock_.now();
  facts.operation = operation;
  facts.bucket = bucket;
  facts.key = key;
  facts.diagnosis = diagnosis;
  core::Completion done;
  done.status = 204;
  observer_->on_exchange(ExchangeRecord{request, facts, done});
}

void LifecycleEvaluator::announce(const std::string& bucket, const std::string& key,
                                  std::string_view event_name,
                                  std::optional<std::string> version_id) {
  if (events_ == nullptr) return;
  auto configuration = backend_.get_bucket_notification(bucket);
  if (!configuration || configuration->empty()) return;
  ObjectEvent event;
  event.origin.bucket = bucket;
  event.origin.request_id = core::new_request_id();
  event.origin.principal_id = "AmazonS3";  // S3 names itself as the lifecycle's principal
  event.origin.region = region_;
  event.origin.time = clock_.now();
  event.name = std::string(event_name);
  event.key = key;
  event.version_id = std::move(version_id);
  events_->object_event(std::move(event), *configuration);
}

bool LifecycleEvaluator::expire_now(const std::string& bucket, const storage::ObjectMeta& meta,
                                    const std::string& rule_id) {
  // Still the version the rule expired? (an overwrite since then starts its own days)
  auto current = backend_.head_object(bucket, meta.key);
  if (!current) return current.error().code == core::ErrorCode::kNoSuchKey;
  if (current->etag != meta.etag || current->last_modified != meta.last_modified) return false;
  // The ordinary delete: on a versioned bucket it stacks a delete marker, as S3's Expiration does.
  auto deleted = backend_.delete_object_versioned(bucket, meta.key);
  if (!deleted) {
    core::log_warn("lifecycle: cannot expire " + bucket + "/" + meta.key + ": " +
                   std::string(deleted.error().effective_message()));
    return false;
  }
  record(kExpiration, bucket, meta.key,
         "lifecycle rule '" + rule_id + "' expired this object (last modified " +
             core::format_iso8601(meta.last_modified) + ")" +
             (deleted->delete_marker ? "; a delete marker now stands for it" : ""));
  announce(bucket, meta.key,
           deleted->delete_marker ? "LifecycleExpiration:DeleteMarkerCreated"
                                  : "LifecycleExpiration:Delete",
           deleted->version_id
               ? std::optional<std::string>(storage::shown_version_id(*deleted->version_id))
               : std::nullopt);
  return true;
}

LifecycleReport LifecycleEvaluator::run_locked(const std::string& bucket) {
  LifecycleReport report;
  auto settings = backend_.get_bucket_settings(bucket);
  auto config = settings ? read_lifecycle(*settings) : nullptr;
  if (!config) {
    std::lock_guard lock(state_mu_);
    state_.erase(bucket);
    return report;
  }
  const std::string setting = (*settings)->at(std::string(kLifecycleSetting));
  report.buckets = 1;
  const core::TimePoint now = clock_.now();
  std::optional<core::TimePoint> next_due;

  std::vector<std::string> prefixes;
  bool aborts = false;
  for (const xml::LifecycleRule& rule : config->rules) {
    if (!rule.enabled) continue;
    if (rule.expiration_days || rule.expiration_date) prefixes.push_back(rule.filter.prefix);
    if (rule.abort_days_after_initiation) aborts = true;
  }
  const bool need_tags = expiration_needs_tags(*config);
  for (const std::string& prefix : covering_prefixes(std::move(prefixes))) {
    storage::ListQuery query;
    query.prefix = prefix;
    query.max_keys = kPage;
    for (;;) {
      auto page = backend_.list_objects(bucket, query);
      if (!page) break;  // the bucket went away meanwhile
      for (const storage::ObjectMeta& listed : page->objects) {
        storage::ObjectMeta meta = listed;
        meta.bucket = bucket;
        if (need_tags) {  // listings carry no tags
          auto full = backend_.head_object(bucket, listed.key);
          if (!full) continue;
          meta = std::move(*full);
        }
        auto due = object_expiry(*config, meta);
        if (!due) continue;
        if (due->at <= now) {
          if (expire_now(bucket, meta, due->rule_id)) ++report.expired;
        } else {
          lower(next_due, due->at);
        }
      }
      if (!page->truncated) break;
      query.after = page->next_after;
    }
  }
  if (aborts) {
    storage::UploadsQuery query;
    query.max_uploads = kPage;
    for (;;) {
      auto page = backend_.list_uploads(bucket, query);
      if (!page) break;
      for (const storage::MultipartUpload& upload : page->uploads) {
        auto due = upload_abort(*config, upload.key, upload.initiated);
        if (!due) continue;
        if (due->at > now) {
          lower(next_due, due->at);
          continue;
        }
        if (!backend_.abort_upload(bucket, upload.key, upload.upload_id)) continue;
        ++report.aborted;
        record(kAbort, bucket, upload.key,
               "lifecycle rule '" + due->rule_id + "' aborted upload " + upload.upload_id +
                   " (initiated " + core::format_iso8601(upload.initiated) + ")");
      }
      if (!page->truncated) break;
      query.key_marker = page->next_key_marker;
      query.upload_id_marker = page->next_upload_id_marker;
    }
  }
  run_versions(bucket, *config, now, next_due, report);
  std::lock_guard lock(state_mu_);
  state_[bucket] = BucketState{setting, next_due};
  return report;
}

// Versioned buckets: noncurrent versions past NoncurrentDays (keeping NewerNoncurrentVersions of
// them per key) and delete markers left alone with no version behind them
// (ExpiredObjectDeleteMarker), removed for good with delete_object_version.
void LifecycleEvaluator::run_versions(const std::string& bucket,
                                      const xml::LifecycleConfiguration& config,
                                      core::TimePoint now, std::optional<core::TimePoint>& next_due,
                                      LifecycleReport& report) {
  std::vector<std::string> prefixes;
  bool need_tags = false;
  for (const xml::LifecycleRule& rule : config.rules) {
    if (!rule.enabled) continue;
    if (rule.noncurrent_days || rule.expired_object_delete_marker.value_or(false)) {
      prefixes.push_back(rule.filter.prefix);
      need_tags = need_tags || (rule.noncurrent_days && rule.filter.has_tags());
    }
  }
  if (prefixes.empty()) return;
  for (const std::string& prefix : covering_prefixes(std::move(prefixes))) {
    storage::VersionsQuery query;
    query.prefix = prefix;
    query.max_keys = kPage;
    std::string key;          // the key whose versions are being walked (newest first)
    int noncurrent_seen = 0;  // its noncurrent versions so far
    for (;;) {
      auto page = backend_.list_object_versions(bucket, query);
      if (!page) break;
      for (const storage::VersionEntry& entry : page->versions) {
        if (entry.meta.key != key) {
          key = entry.meta.key;
          noncurrent_seen = 0;
        }
        const std::string shown = storage::shown_version_id(entry.meta.version_id);
        if (entry.is_latest) {
          if (entry.meta.delete_marker && marker_expires(config, key) &&
              only_version(bucket, key)) {
            if (backend_.delete_object_version(bucket, key, shown)) {
              ++report.expired;
              record(kMarker, bucket, key,
                     "lifecycle rule '" + *marker_expires(config, key) +
                         "' removed this key's expired delete marker (no version was left "
                         "behind it)");
            }
          }
          continue;
        }
        const int newer = noncurrent_seen++;
        if (!entry.noncurrent_since) continue;
        storage::ObjectMeta meta = entry.meta;
        if (need_tags && !meta.delete_marker) {
          auto full = backend_.head_object_version(bucket, key, shown);
          if (!full) continue;
          meta = std::move(*full);
        }
        std::optional<Due> due;
        for (const xml::LifecycleRule& rule : config.rules) {
          if (!rule.enabled || !rule.noncurrent_days) continue;
          if (!rule_covers(rule, key, meta.size, meta.tags)) continue;
          if (rule.newer_noncurrent_versions && newer < *rule.newer_noncurrent_versions) continue;
          const core::TimePoint at = expiry_after(*entry.noncurrent_since, *rule.noncurrent_days);
          if (!due || at < due->at) due = Due{at, rule.id};
        }
        if (!due) continue;
        if (due->at > now) {
          lower(next_due, due->at);
          continue;
        }
        if (!backend_.delete_object_version(bucket, key, shown)) continue;
        ++report.expired;
        record(kNoncurrent, bucket, key,
               "lifecycle rule '" + due->rule_id + "' removed noncurrent version " + shown +
                   " (noncurrent since " + core::format_iso8601(*entry.noncurrent_since) + ")");
        announce(bucket, key, "LifecycleExpiration:Delete", shown);
      }
      if (!page->truncated) break;
      query.key_marker = page->next_key_marker;
      query.version_id_marker = page->next_version_id_marker;
    }
  }
}

// The ID of an enabled ExpiredObjectDeleteMarker rule whose prefix covers the key.
std::optional<std::string> LifecycleEvaluator::marker_expires(
    const xml::LifecycleConfiguration& config, const std::string& key) {
  for (const xml::LifecycleRule& rule : config.rules) {
    if (rule.enabled && rule.expired_object_delete_marker.value_or(false) &&
        key.starts_with(rule.filter.prefix)) {
      return rule.id;
    }
  }
  return std::nullopt;
}

// Whether the key's stack holds one entry only (its latest delete marker).
bool LifecycleEvaluator::only_version(const std::string& bucket, const std::string& key) {
  storage::VersionsQuery query;
  query.prefix = key;
  query.max_keys = kPage;
  auto page = backend_.list_object_versions(bucket, query);
  if (!page) return false;
  int count = 0;
  for (const storage::VersionEntry& entry : page->versions) count += entry.meta.key == key;
  return count == 1 && (count < kPage);
}

LifecycleReport LifecycleEvaluator::run_bucket(const std::string& bucket) {
  std::lock_guard lock(run_mu_);
  return run_locked(bucket);
}

void LifecycleEvaluator::run_bucket_if_due(const std::string& bucket) {
  auto settings = backend_.get_bucket_settings(bucket);
  if (!settings || !*settings) return;
  const auto it = (*settings)->find(std::string(kLifecycleSetting));
  if (it == (*settings)->end() || it->second.empty()) return;
  {
    std::lock_guard lock(state_mu_);
    const auto s = state_.find(bucket);
    if (s != state_.end() && s->second.configuration == it->second &&
        (!s->second.next_due || *s->second.next_due > clock_.now())) {
      return;  // nothing covered is due yet
    }
  }
  run_bucket(bucket);
}

LifecycleReport LifecycleEvaluator::run_all() {
  LifecycleReport total;
  auto buckets = backend_.list_buckets();
  if (!buckets) return total;
  for (const storage::BucketInfo& b : *buckets) {
    const LifecycleReport r = run_bucket(b.name);
    total.buckets += r.buckets;
    total.expired += r.expired;
    total.aborted += r.aborted;
  }
  return total;
}

LifecycleReport LifecycleEvaluator::run_due() {
  LifecycleReport total;
  auto buckets = backend_.list_buckets();
  if (!buckets) return total;
  for (const storage::BucketInfo& b : *buckets) run_bucket_if_due(b.name);
  return total;
}

void LifecycleEvaluator::note_due(const std::string& bucket, core::TimePoint at) {
  std::lock_guard lock(state_mu_);
  const auto s = state_.find(bucket);
  if (s != state_.end()) lower(s->second.next_due, at);
}

void LifecycleEvaluator::start(std::chrono::milliseconds period) {
  std::lock_guard lock(timer_mu_);
  if (timer_.joinable()) return;
  stopping_ = false;
  timer_ = std::thread([this, period] {
    std::unique_lock lock(timer_mu_);
    while (!timer_cv_.wait_for(lock, period, [this] { return stopping_; })) {
      lock.unlock();
      run_due();
      lock.lock();
    }
  });
}

void LifecycleEvaluator::stop() {
  {
    std::lock_guard lock(timer_mu_);
    stopping_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
}

}  // namespace s3sandbox::app
