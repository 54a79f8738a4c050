#include "object_events.hpp"

#include "handlers.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::app {
namespace {

// "203.0.113.9:5123" -> "203.0.113.9"; "[::1]:5123" -> "::1".
std::string address_without_port(std::string_view peer) {
  if (peer.starts_with('[')) {
    auto close = peer.find(']');
    return std::string(peer.substr(1, close == std::string_view::npos ? peer.size() : close - 1));
  }
  auto colon = peer.rfind(':');
  return std::string(colon == std::string_view::npos ? peer : peer.substr(0, colon));
}

}  // namespace

EventOrigin event_origin(const ExchangeState& x) {
  EventOrigin o;
  o.bucket = x.op.bucket;
  o.request_id = x.request_id;
  o.host_id = x.services.host_id;
  o.source_ip = address_without_port(x.request.remote_address);
  o.principal_id = x.auth.access_key.empty() ? "anonymous" : "AWS:" + x.auth.access_key;
  o.owner_id = owner_of(x).id;
  o.region = x.services.options.region;
  o.time = x.services.clock.now();
  return o;
}

void report_object_event(const ExchangeState& x, std::string_view name, const std::string& key,
                         const storage::ObjectMeta* created,
                         std::optional<std::string> version_id) {
  if (x.services.events == nullptr) return;
  auto configuration = x.services.backend.get_bucket_notification(x.op.bucket);
  if (!configuration) {
    // The write itself succeeded; only its announcement is lost, and the log says so.
    core::log_warn("event notifications: cannot read the configuration of bucket " + x.op.bucket +
                   "; no " + std::string(name) + " event for this request");
    return;
  }
  if (configuration->empty()) return;
  ObjectEvent event;
  event.origin = event_origin(x);
  event.name = name;
  event.key = key;
  if (created != nullptr) {
    event.size = created->size;
    event.etag = created->etag;
    // As the write's x-amz-version-id: an Enabled bucket's new id; a null version (unversioned
    // or Suspended) is not announced there, nor here.
    if (!created->version_id.empty()) event.version_id = created->version_id;
  }
  if (version_id) event.version_id = std::move(version_id);
  x.services.events->object_event(std::move(event), *configuration);
}

}  // namespace s3sandbox::app
