// PutBucketNotificationConfiguration and GetBucketNotificationConfiguration. The configuration
// is validated and given ids here, stored as the document GET answers, and announced to the
// event sink, which sends S3's s3:TestEvent to its queue and topic destinations. A destination
// ARN needs no webhook mapped to it: events for it are recorded at /_sandbox/events either way
// (README, "Event notifications").
#include "handlers.hpp"
#include "object_events.hpp"
#include "respond.hpp"
#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/notification.hpp"

namespace s3sandbox::app {
namespace {

// S3 names a configuration given without an Id with the base64 of a random UUID.
std::string new_configuration_id() {
  std::string hex = core::new_unique_id();
  std::string uuid = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                     hex.substr(16, 4) + "-" + hex.substr(20);
  return crypto::base64_encode(uuid);
}

}  // namespace

core::Result<core::Response> put_bucket_notification_configuration(ExchangeState& x,
                                                                   std::string body) {
  auto config = xml::parse_notification_configuration(body, new_configuration_id);
  if (!config) return config.error();
  const bool empty = config->rules.empty() && !config->event_bridge;
  const std::string document =
      empty ? std::string() : xml::render_notification_configuration(*config);
  auto stored = x.services.backend.put_bucket_notification(x.op.bucket, document);
  if (!stored) return stored.error().with("BucketName", x.op.bucket);
  // x-amz-skip-destination-validation: true tells S3 not to test the destinations.
  auto skip = x.request.header("x-amz-skip-destination-validation");
  if (x.services.events != nullptr && !(skip && core::iequals(*skip, "true"))) {
    x.services.events->configuration_set(event_origin(x), document);
  }
  return core::Response{};
}

Started get_bucket_notification_configuration(ExchangeState& x) {
  auto document = x.services.backend.get_bucket_notification(x.op.bucket);
  if (!document) return answer(document.error().with("BucketName", x.op.bucket));
  if (document->empty()) {
    return answer(xml_response(xml::render_notification_configuration({})));
  }
  return answer(xml_response(std::move(*document)));
}

}  // namespace s3sandbox::app
