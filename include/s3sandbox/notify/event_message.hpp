// S3's event notification messages, built exactly as the S3 User Guide's "Event message
// structure" page gives them, and the matching of an event against a bucket's configuration.
// Pure functions; thread safe.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "s3sandbox/app/event_sink.hpp"
#include "s3sandbox/xml/notification.hpp"

namespace s3sandbox::notify {

// The page's current eventVersion: since 2.4 one version for every event type, raised with
// each schema change.
inline constexpr std::string_view kEventVersion = "2.6";

// The object key as S3 writes it in an event: form-encoded ("red flower.jpg" ->
// "red+flower.jpg", "a+b" -> "a%2Bb"); '/' and the unreserved characters stay as they are.
std::string form_encode_key(std::string_view key);

// {"Records":[{...}]} for one object event sent for the configuration `configuration_id`.
// `sequencer` orders events of one key (hex, compared as strings of equal length).
boost::json::object object_event_message(const app::ObjectEvent& event,
                                         std::string_view configuration_id,
                                         std::string_view sequencer);

// The flat s3:TestEvent S3 sends to a queue or topic when a configuration is set (no Records).
boost::json::object test_event_message(const app::EventOrigin& origin);

// Whether a configured event type ("s3:ObjectCreated:*") covers an event ("ObjectCreated:Put").
bool event_type_covers(std::string_view configured, std::string_view event_name);
// Whether `rule` announces `event_name` for `key`: an event type covers it and the key has the
// filter's prefix and suffix.
bool rule_matches(const xml::NotificationRule& rule, std::string_view event_name,
                  std::string_view key);

}  // namespace s3sandbox::notify
