// GetBucketNotificationConfiguration's NotificationConfiguration. Grouped by destination as S3
// answers (topics, queues, then Lambda functions), each with Id, the ARN, the events and the
// filter; S3 answers filter rule names capitalized (Prefix, Suffix) whatever case it was given.
#include "document.hpp"
#include "s3sandbox/xml/notification.hpp"

namespace s3sandbox::xml {
namespace {

struct Group {
  NotifyKind kind;
  const char* element;
  const char* arn_element;
};
constexpr Group kGroups[] = {
    {NotifyKind::kTopic, "TopicConfiguration", "Topic"},
    {NotifyKind::kQueue, "QueueConfiguration", "Queue"},
    {NotifyKind::kLambda, "CloudFunctionConfiguration", "CloudFunction"},
};

void add_filter_rule(pugi::xml_node key, const char* name, const std::string& value) {
  pugi::xml_node rule = key.append_child("FilterRule");
  detail::add_text(rule, "Name", name);
  detail::add_text(rule, "Value", value);
}

}  // namespace

std::string render_notification_configuration(const NotificationConfiguration& config) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "NotificationConfiguration");
  for (const Group& group : kGroups) {
    for (const NotificationRule& rule : config.rules) {
      if (rule.kind != group.kind) continue;
      pugi::xml_node node = root.append_child(group.element);
      detail::add_text(node, "Id", rule.id);
      detail::add_text(node, group.arn_element, rule.arn);
      for (const std::string& e : rule.events) detail::add_text(node, "Event", e);
      if (rule.has_prefix || rule.has_suffix) {
        pugi::xml_node key = node.append_child("Filter").append_child("S3Key");
        if (rule.has_prefix) add_filter_rule(key, "Prefix", rule.prefix);
        if (rule.has_suffix) add_filter_rule(key, "Suffix", rule.suffix);
      }
    }
  }
  if (config.event_bridge) detail::add_text(root, "EventBridgeConfiguration", "");
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
