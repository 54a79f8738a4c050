// EventSink: where the S3 application reports what S3 would announce as event notifications.
// The application only reports facts (an object was created or removed, a bucket's notification
// configuration was set); the sink (notify::Notifier) matches them against the bucket's
// configuration, builds S3's messages, records and delivers them. Reporting never blocks on
// delivery: a request never waits for a webhook.
// Thread safety: implementations are called concurrently from the HTTP worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::app {

// What S3's event message says about the request that caused it.
struct EventOrigin {
  std::string bucket;
  std::string request_id;    // x-amz-request-id of the request
  std::string host_id;       // x-amz-id-2
  std::string source_ip;     // the client's address, without the port
  std::string principal_id;  // who made the request ("AWS:<access key>", or "anonymous")
  std::string owner_id;      // the bucket owner's canonical id
  std::string region;        // the bucket's region
  core::TimePoint time;      // when the request finished (the sandbox clock)
};

struct ObjectEvent {
  EventOrigin origin;
  std::string name;  // "ObjectCreated:Put", "ObjectRemoved:Delete", ...: S3's eventName
  std::string key;   // the key as stored (decoded); the message form-encodes it
  std::optional<std::uint64_t> size;  // created objects only
  std::string etag;                   // created objects only, unquoted
  // s3.object.versionId: the version created or removed (the delete marker's, for
  // DeleteMarkerCreated), as the request's x-amz-version-id showed it ("null" included);
  // nullopt when it showed none (an unversioned bucket), and S3 then leaves it out.
  std::optional<std::string> version_id;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // An object event; `configuration` is the bucket's stored notification configuration, never
  // empty (the application reports nothing for buckets without one).
  virtual void object_event(ObjectEvent event, std::string_view configuration) = 0;
  // PutBucketNotificationConfiguration succeeded: S3 then sends s3:TestEvent to the queue and
  // topic destinations of the new configuration ("" when it was emptied).
  virtual void configuration_set(const EventOrigin& origin, std::string_view configuration) = 0;
};

}  // namespace s3sandbox::app
