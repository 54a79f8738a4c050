#include "lifecycle_rules.hpp"

#include <algorithm>

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/core/uri.hpp"

namespace s3sandbox::app {

std::string encode_lifecycle(const StoredLifecycle& stored) {
  return stored.minimum_size + "\n" + stored.document;
}

StoredLifecycle decode_lifecycle(std::string_view setting) {
  StoredLifecycle stored;
  const auto newline = setting.find('\n');
  if (newline == std::string_view::npos) {
    stored.document = std::string(setting);
    stored.minimum_size = std::string(xml::kTransitionMinimumDefault);
    return stored;
  }
  stored.minimum_size = std::string(setting.substr(0, newline));
  stored.document = std::string(setting.substr(newline + 1));
  return stored;
}

std::shared_ptr<const xml::LifecycleConfiguration> read_lifecycle(
    const storage::BucketSettings& settings) {
  if (!settings) return nullptr;
  const auto it = settings->find(std::string(kLifecycleSetting));
  if (it == settings->end() || it->second.empty()) return nullptr;
  // One parse per thread per configuration: reads of a bucket with rules parse it once.
  thread_local std::string cached_text;
  thread_local std::shared_ptr<const xml::LifecycleConfiguration> cached;
  if (cached && cached_text == it->second) return cached;
  auto parsed = xml::parse_lifecycle_configuration(decode_lifecycle(it->second).document);
  if (!parsed) return nullptr;  // stored by PutBucketLifecycleConfiguration: always valid
  cached_text = it->second;
  cached = std::make_shared<const xml::LifecycleConfiguration>(std::move(*parsed));
  return cached;
}

bool rule_covers(const xml::LifecycleRule& rule, std::string_view key, std::uint64_t size,
                 const std::vector<std::pair<std::string, std::string>>& tags) {
  const xml::LifecycleFilter& f = rule.filter;
  if (!key.starts_with(f.prefix)) return false;
  if (f.size_greater_than && !(size > *f.size_greater_than)) return false;
  if (f.size_less_than && !(size < *f.size_less_than)) return false;
  for (const auto& wanted : f.tags) {
    if (std::find(tags.begin(), tags.end(), wanted) == tags.end()) return false;
  }
  return true;
}

core::TimePoint expiry_after(core::TimePoint created, int n_days) {
  const auto reached = std::chrono::floor<std::chrono::days>(created + std::chrono::days(n_days));
  return core::TimePoint(reached + std::chrono::days(1));
}

std::optional<Due> object_expiry(const xml::LifecycleConfiguration& config,
                                 const storage::ObjectMeta& meta) {
  std::optional<Due> best;
  for (const xml::LifecycleRule& rule : config.rules) {
    if (!rule.enabled || !(rule.expiration_days || rule.expiration_date)) continue;
    if (!rule_covers(rule, meta.key, meta.size, meta.tags)) continue;
    const core::TimePoint at = rule.expiration_days
                                   ? expiry_after(meta.last_modified, *rule.expiration_days)
                                   : *rule.expiration_date;
    if (!best || at < best->at) best = Due{at, rule.id};
  }
  return best;
}

std::optional<Due> upload_abort(const xml::LifecycleConfiguration& config, std::string_view key,
                                core::TimePoint initiated) {
  std::optional<Due> best;
  for (const xml::LifecycleRule& rule : config.rules) {
    if (!rule.enabled || !rule.abort_days_after_initiation) continue;
    if (!key.starts_with(rule.filter.prefix)) continue;
    const core::TimePoint at = expiry_after(initiated, *rule.abort_days_after_initiation);
    if (!best || at < best->at) best = Due{at, rule.id};
  }
  return best;
}

bool expiration_needs_tags(const xml::LifecycleConfiguration& config) {
  return std::any_of(config.rules.begin(), config.rules.end(), [](const xml::LifecycleRule& r) {
    return r.enabled && (r.expiration_days || r.expiration_date) && r.filter.has_tags();
  });
}

std::string expiration_header(const Due& due) {
  // S3 URL-encodes the rule ID in this header (an ID may hold quotes or commas).
  return "expiry-date=\"" + core::format_http_date(due.at) + "\", rule-id=\"" +
         core::uri_encode(due.rule_id) + "\"";
}

}  // namespace s3sandbox::app
