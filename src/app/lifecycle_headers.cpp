#include "lifecycle_headers.hpp"

#include "lifecycle_rules.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {
namespace {

std::shared_ptr<const xml::LifecycleConfiguration> rules_of(const ExchangeState& x) {
  auto settings = x.services.backend.get_bucket_settings(x.op.bucket);
  if (!settings) return nullptr;
  return read_lifecycle(*settings);
}

}  // namespace

void add_expiration_after_write(const ExchangeState& x, const storage::ObjectMeta& meta,
                                core::Response& response) {
  auto config = rules_of(x);
  if (!config) return;
  auto due = object_expiry(*config, meta);
  if (!due) return;
  response.set_header("x-amz-expiration", expiration_header(*due));
  if (x.services.lifecycle != nullptr) x.services.lifecycle->note_due(x.op.bucket, due->at);
}

core::Result<std::string> expiration_on_read(const ExchangeState& x,
                                             const storage::ObjectMeta& meta) {
  // Expiration is about the current version: a read of a named version is left alone (with
  // versioning, an old version's Last-Modified must not expire the latest one).
  if (x.op.param("versionId") != nullptr) return std::string();
  auto config = rules_of(x);
  if (!config) return std::string();
  auto due = object_expiry(*config, meta);
  if (!due) return std::string();
  if (due->at <= x.services.clock.now() && x.services.lifecycle != nullptr) {
    x.services.lifecycle->expire_now(x.op.bucket, meta, due->rule_id);
    return core::S3Error(core::ErrorCode::kNoSuchKey)
        .with("Key", meta.key)
        .because("lifecycle rule '" + due->rule_id + "' expired this object at " +
                 core::format_iso8601(due->at) + " (sandbox clock)");
  }
  return expiration_header(*due);
}

void add_abort_headers(const ExchangeState& x, const std::string& key, core::TimePoint initiated,
                       core::Response& response) {
  auto config = rules_of(x);
  if (!config) return;
  auto due = upload_abort(*config, key, initiated);
  if (!due) return;
  response.set_header("x-amz-abort-date", core::format_http_date(due->at));
  response.set_header("x-amz-abort-rule-id", due->rule_id);
  if (x.services.lifecycle != nullptr) x.services.lifecycle->note_due(x.op.bucket, due->at);
}

void run_lifecycle_before_listing(const ExchangeState& x) {
  if (x.services.lifecycle != nullptr) x.services.lifecycle->run_bucket_if_due(x.op.bucket);
}

}  // namespace s3sandbox::app
