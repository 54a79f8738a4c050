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

void LifecycleEvaluator::announce(const std::string& bucket, const std::string& key) {
  if (events_ == nullptr) return;
  auto configuration = backend_.get_bucket_notification(bucket);
  if (!configuration || configuration->empty()) return;
  ObjectEvent event;
  event.origin.bucket = bucket;
  event.origin.request_id = core::new_request_id();
  event.origin.principal_id = "AmazonS3";  // S3 names itself as the lifecycle's principal
  event.origin.region = region_;
  event.origin.time = clock_.now();
  event.name = "LifecycleExpiration:Delete";
  event.key = key;
  events_->object_event(std::move(event), *configuration);
}

bool LifecycleEvaluator::expire_now(const std::string& bucket, const storage::ObjectMeta& meta,
                                    const std::string& rule_id) {
  // Still the version the rule expired? (an overwrite since then starts its own days)
  auto current = backend_.head_object(bucket, meta.key);
  if (!current) return current.error().code == core::ErrorCode::kNoSuchKey;
  if (current->etag != meta.etag || current->last_modified != meta.last_modified) return false;
  if (auto r = backend_.delete_object(bucket, meta.key); !r) {
    core::log_warn("lifecycle: cannot expire " + bucket + "/" + meta.key + ": " +
                   std::string(r.error().effective_message()));
    return false;
  }
  record(kExpiration, bucket, meta.key,
         "lifecycle rule '" + rule_id + "' expired this object (last modified " +
             core::format_iso8601(meta.last_modified) + ")");
  announce(bucket, meta.key);
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
  std::lock_guard lock(state_mu_);
  state_[bucket] = BucketState{setting, next_due};
  return report;
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
