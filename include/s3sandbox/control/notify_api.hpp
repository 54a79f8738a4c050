// The event notification endpoints (notify::Notifier):
//   GET    /_sandbox/notify-targets            {"targets":[{"arn":...,"url":...}]}
//   PUT    /_sandbox/notify-targets            {"arn":ARN,"url":"http://..."}: map ARN to a webhook
//   DELETE /_sandbox/notify-targets[?arn=ARN]  all mappings, or one
//   GET    /_sandbox/events[?bucket=&key=&event=&since=&wait=]
//          {"events":[...],"last_id":N}: every event produced, delivered or not, oldest first;
//          key is a prefix, event a name ("ObjectCreated:Put") or a wildcard
//          ("s3:ObjectCreated:*"), since an event id (those after it); wait=SECONDS (at most 60)
//          long-polls: with nothing matching yet, the answer comes when a matching event is
//          recorded, or empty at the deadline
//   DELETE /_sandbox/events                    forgets the recorded events
// Thread safety: the handlers are; the Notifier is. add_notify_routes sets the notifier's
// EventLog listener (the long-polls wake on it).
#pragma once

#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/notify/notifier.hpp"

namespace s3sandbox::control {

void add_notify_routes(ControlRoutes& routes, notify::Notifier& notifier);

// The filter of GET /_sandbox/events from its query, or the 400 to answer.
std::variant<notify::EventFilter, core::Response> read_event_filter(const ControlRequest& r);

}  // namespace s3sandbox::control
