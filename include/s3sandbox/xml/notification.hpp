// The bucket notification configuration (PutBucketNotificationConfiguration and
// GetBucketNotificationConfiguration): its model, the parser with S3's validation, and the
// renderer. The stored form of a configuration is the renderer's output (ids filled in), which
// the parser reads back unchanged. Pure; thread safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::xml {

// Where a configuration sends its events: <TopicConfiguration> (SNS), <QueueConfiguration>
// (SQS), <CloudFunctionConfiguration> (Lambda; boto3's LambdaFunctionConfigurations).
enum class NotifyKind { kTopic, kQueue, kLambda };

struct NotificationRule {
  NotifyKind kind = NotifyKind::kQueue;
  std::string id;                   // S3 assigns one when the request has none
  std::string arn;                  // <Topic>, <Queue> or <CloudFunction>
  std::vector<std::string> events;  // "s3:ObjectCreated:*", "s3:ObjectRemoved:Delete", ...
  bool has_prefix = false, has_suffix = false;
  std::string prefix, suffix;  // the key filter's rules (FilterRule Name prefix / suffix)
};

struct NotificationConfiguration {
  std::vector<NotificationRule> rules;  // in document order
  bool event_bridge = false;            // <EventBridgeConfiguration/>: kept, never delivered
};

// The NotificationConfiguration body of PutBucketNotificationConfiguration. MalformedXML for a
// body of the wrong shape (a configuration without its ARN or without an Event); InvalidArgument
// with S3's messages for an unknown event, a filter rule other than prefix/suffix or given
// twice, an ARN of the wrong service, and configurations that overlap (a common event type with
// prefixes and suffixes that can both match one key). `new_id` names a rule given without <Id>.
core::Result<NotificationConfiguration> parse_notification_configuration(
    std::string_view body, const std::function<std::string()>& new_id);

// GetBucketNotificationConfiguration's answer; an empty configuration is an empty
// <NotificationConfiguration/> element, as S3 answers for a bucket that never had one.
std::string render_notification_configuration(const NotificationConfiguration& config);

// Whether S3 accepts `event` in a configuration ("s3:ObjectCreated:Put", "s3:ObjectCreated:*").
bool is_supported_event(std::string_view event);

}  // namespace s3sandbox::xml
