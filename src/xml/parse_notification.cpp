// The PutBucketNotificationConfiguration body. First its shape (MalformedXML, as S3 answers a
// body its schema refuses), then the values S3 checks, with S3's InvalidArgument messages: the
// events, the filter rules, the destination ARNs, and last the overlap between configurations.
#include <algorithm>
#include <iterator>
#include <pugixml.hpp>

#include "read.hpp"
#include "s3sandbox/xml/notification.hpp"
#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::xml {
namespace {

using detail::local_name;
using detail::malformed;

// S3's list of notification event types (API reference, QueueConfiguration.Events). s3sandbox
// accepts them all, so that a real application's configuration is taken as it is; it generates
// the object-created and object-removed ones (see notify/).
constexpr std::string_view kEvents[] = {
    "s3:ReducedRedundancyLostObject",
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:LifecycleTransition",
    "s3:IntelligentTiering",
    "s3:ObjectAcl:Put",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete",
};

core::S3Error invalid_argument(std::string message, std::string name, std::string value,
                               std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidArgument, std::move(message))
      .with("ArgumentName", std::move(name))
      .with("ArgumentValue", std::move(value))
      .because(std::move(why));
}

struct KindInfo {
  NotifyKind kind;
  std::string_view element, arn_element, arn_service;
};
constexpr KindInfo kKinds[] = {
    {NotifyKind::kTopic, "TopicConfiguration", "Topic", "sns"},
    {NotifyKind::kQueue, "QueueConfiguration", "Queue", "sqs"},
    {NotifyKind::kLambda, "CloudFunctionConfiguration", "CloudFunction", "lambda"},
};

const KindInfo& info_of(NotifyKind kind) {
  return *std::find_if(std::begin(kKinds), std::end(kKinds),
                       [kind](const KindInfo& k) { return k.kind == kind; });
}

// <Filter><S3Key><FilterRule><Name>prefix</Name><Value>images/</Value></FilterRule>...
core::Result<void> read_filter(const pugi::xml_node& filter, NotificationRule& rule) {
  for (pugi::xml_node key : detail::children_named(filter, "S3Key")) {
    for (pugi::xml_node fr : detail::children_named(key, "FilterRule")) {
      auto names = detail::children_named(fr, "Name");
      auto values = detail::children_named(fr, "Value");
      if (names.size() != 1 || values.size() > 1) {
        return malformed("a <FilterRule> needs one <Name> (prefix or suffix) and one <Value>");
      }
      std::string name = detail::text_of(names.front());
      std::string value = values.empty() ? std::string() : detail::text_of(values.front());
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      bool& has = lower == "prefix" ? rule.has_prefix : rule.has_suffix;
      if (lower != "prefix" && lower != "suffix") {
        return invalid_argument(
            "filter rule name must be either prefix or suffix", "FilterRule", name,
            "a <FilterRule> <Name> is 'prefix' or 'suffix', not '" + name + "'");
      }
      if (has) {
        return invalid_argument("Cannot specify more than one " + lower + " rule in a filter.",
                                "FilterRule", name,
                                "give one " + lower + " rule per configuration; to match several " +
                                    lower + "es, add one configuration per " + lower);
      }
      has = true;
      (lower == "prefix" ? rule.prefix : rule.suffix) = std::move(value);
    }
  }
  return {};
}

core::Result<NotificationRule> read_rule(const pugi::xml_node& node, const KindInfo& kind) {
  NotificationRule rule;
  rule.kind = kind.kind;
  std::string where = "<" + std::string(kind.element) + ">";
  auto arns = detail::children_named(node, kind.arn_element);
  if (arns.size() != 1) {
    return malformed(where + " needs exactly one <" + std::string(kind.arn_element) +
                     "> holding the destination's ARN");
  }
  rule.arn = std::string(detail::trimmed(detail::text_of(arns.front())));
  for (pugi::xml_node id : detail::children_named(node, "Id")) rule.id = detail::text_of(id);
  for (pugi::xml_node e : detail::children_named(node, "Event")) {
    rule.events.emplace_back(detail::trimmed(detail::text_of(e)));
  }
  if (rule.events.empty()) return malformed(where + " needs at least one <Event>");
  auto filters = detail::children_named(node, "Filter");
  if (filters.size() > 1) return malformed(where + " has more than one <Filter>");
  if (!filters.empty()) {
    if (auto r = read_filter(filters.front(), rule); !r) return r.error();
  }
  return rule;
}

// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE -> SERVICE ("" when not an ARN).
std::string_view arn_service(std::string_view arn) {
  if (!arn.starts_with("arn:")) return {};
  auto p2 = arn.find(':', 4);
  if (p2 == std::string_view::npos) return {};
  auto p3 = arn.find(':', p2 + 1);
  if (p3 == std::string_view::npos) return {};
  return arn.substr(p2 + 1, p3 - p2 - 1);
}

core::Result<void> check_values(const NotificationRule& rule) {
  for (const std::string& e : rule.events) {
    if (!is_supported_event(e)) {
      return invalid_argument("The event is not supported for notifications", "Event", e,
                              "'" + e +
                                  "' is not an S3 event type; use e.g. s3:ObjectCreated:*, "
                                  "s3:ObjectCreated:Put or s3:ObjectRemoved:Delete (case matters)");
    }
  }
  const KindInfo& kind = info_of(rule.kind);
  if (arn_service(rule.arn) != kind.arn_service) {
    const std::string expected = "arn:aws:" + std::string(kind.arn_service) + ":";
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Unable to validate the following destination configurations")
        .with("ArgumentName1", rule.arn)
        .with("ArgumentValue1", "Invalid ARN")
        .because("<" + std::string(kind.arn_element) + "> takes an " +
                 std::string(kind.arn_service) + " ARN like " + expected +
                 "us-east-1:123456789012:name, not '" + rule.arn + "'");
  }
  return {};
}

// "s3:ObjectCreated:*" covers every "s3:ObjectCreated:..." event.
bool events_intersect(std::string_view a, std::string_view b) {
  if (a == b) return true;
  auto family = [](std::string_view e) { return e.substr(0, e.rfind(':') + 1); };
  const bool a_wild = a.ends_with(":*"), b_wild = b.ends_with(":*");
  if (!a_wild && !b_wild) return false;
  return family(a) == family(b);
}

bool share_an_event(const NotificationRule& a, const NotificationRule& b) {
  for (const std::string& x : a.events) {
    for (const std::string& y : b.events) {
      if (events_intersect(x, y)) return true;
    }
  }
  return false;
}

// Two filters can match one key when neither narrows, or one's prefix (suffix) extends the
// other's: S3 refuses such configurations for a common event type.
bool filters_overlap(const NotificationRule& a, const NotificationRule& b) {
  const bool prefixes = a.prefix.empty() || b.prefix.empty() || a.prefix.starts_with(b.prefix) ||
                        b.prefix.starts_with(a.prefix);
  const bool suffixes = a.suffix.empty() || b.suffix.empty() || a.suffix.ends_with(b.suffix) ||
                        b.suffix.ends_with(a.suffix);
  return prefixes && suffixes;
}

}  // namespace

bool is_supported_event(std::string_view event) {
  return std::find(std::begin(kEvents), std::end(kEvents), event) != std::end(kEvents);
}

core::Result<NotificationConfiguration> parse_notification_configuration(
    std::string_view body, const std::function<std::string()>& new_id) {
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "NotificationConfiguration", kMaxXmlBody);
  if (!root) return root.error();
  NotificationConfiguration config;
  for (pugi::xml_node c : root->children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = local_name(c);
    if (name == "EventBridgeConfiguration") {
      config.event_bridge = true;
      continue;
    }
    auto kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                             [name](const KindInfo& k) { return k.element == name; });
    if (kind == std::end(kKinds)) {
      return malformed("<" + std::string(c.name()) +
                       "> is not allowed in <NotificationConfiguration>; it holds "
                       "TopicConfiguration, QueueConfiguration, CloudFunctionConfiguration and "
                       "EventBridgeConfiguration elements");
    }
    auto rule = read_rule(c, *kind);
    if (!rule) return rule.error();
    config.rules.push_back(std::move(*rule));
  }
  for (const NotificationRule& rule : config.rules) {
    if (auto r = check_values(rule); !r) return r.error();
  }
  for (std::size_t i = 0; i < config.rules.size(); ++i) {
    for (std::size_t j = i + 1; j < config.rules.size(); ++j) {
      const NotificationRule& a = config.rules[i];
      const NotificationRule& b = config.rules[j];
      if (share_an_event(a, b) && filters_overlap(a, b)) {
        return invalid_argument(
            "Configurations overlap. Configurations on the same bucket cannot share a common "
            "event type.",
            "Event", a.events.front(),
            "configurations " + std::to_string(i + 1) + " and " + std::to_string(j + 1) +
                " share an event type and their prefix/suffix filters can match the same key; "
                "give them different event types or non-overlapping prefixes or suffixes");
      }
    }
  }
  for (NotificationRule& rule : config.rules) {
    if (rule.id.empty()) rule.id = new_id();
  }
  return config;
}

}  // namespace s3sandbox::xml
