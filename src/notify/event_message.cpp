#include "s3sandbox/notify/event_message.hpp"

#include <boost/json.hpp>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::notify {
namespace json = boost::json;

std::string form_encode_key(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(key.size());
  for (unsigned char c : key) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '*' || c == '/') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

json::object object_event_message(const app::ObjectEvent& event, std::string_view configuration_id,
                                  std::string_view sequencer) {
  const app::EventOrigin& o = event.origin;
  json::object object;
  object["key"] = form_encode_key(event.key);
  // A removal has no size or ETag; without versioning there is no versionId, which S3 then
  // leaves out of the message.
  if (event.size) object["size"] = *event.size;
  if (!event.etag.empty()) object["eTag"] = event.etag;
  if (event.version_id) object["versionId"] = *event.version_id;
  object["sequencer"] = sequencer;

  json::object record;
  record["eventVersion"] = kEventVersion;
  record["eventSource"] = "aws:s3";
  record["awsRegion"] = o.region;
  record["eventTime"] = core::format_iso8601(o.time);
  record["eventName"] = event.name;
  record["userIdentity"] = json::object{{"principalId", o.principal_id}};
  record["requestParameters"] = json::object{{"sourceIPAddress", o.source_ip}};
  record["responseElements"] =
      json::object{{"x-amz-request-id", o.request_id}, {"x-amz-id-2", o.host_id}};
  record["s3"] = json::object{
      {"s3SchemaVersion", "1.0"},
      {"configurationId", configuration_id},
      {"bucket", json::object{{"name", o.bucket},
                              {"ownerIdentity", json::object{{"principalId", o.owner_id}}},
                              {"arn", "arn:aws:s3:::" + o.bucket}}},
      {"object", std::move(object)},
  };
  return json::object{{"Records", json::array{std::move(record)}}};
}

json::object test_event_message(const app::EventOrigin& origin) {
  return json::object{
      {"Service", "Amazon S3"},
      {"Event", "s3:TestEvent"},
      {"Time", core::format_iso8601(origin.time)},
      {"Bucket", origin.bucket},
      {"RequestId", origin.request_id},
      {"HostId", origin.host_id},
  };
}

bool event_type_covers(std::string_view configured, std::string_view event_name) {
  if (!configured.starts_with("s3:")) return false;
  configured.remove_prefix(3);
  if (configured == event_name) return true;
  // "ObjectCreated:*" covers "ObjectCreated:<anything>".
  if (!configured.ends_with(":*")) return false;
  configured.remove_suffix(1);
  return event_name.starts_with(configured);
}

bool rule_matches(const xml::NotificationRule& rule, std::string_view event_name,
                  std::string_view key) {
  if (!key.starts_with(rule.prefix) || !key.ends_with(rule.suffix)) return false;
  for (const std::string& e : rule.events) {
    if (event_type_covers(e, event_name)) return true;
  }
  return false;
}

}  // namespace s3sandbox::notify
