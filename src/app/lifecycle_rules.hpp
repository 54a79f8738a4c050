// What a bucket's lifecycle rules say about one object or upload, as pure functions: which rules
// cover it (prefix, tags, size), when it expires (S3 rounds creation + Days up to the next
// midnight UTC; a Date rule expires on its date), when an upload is aborted, and the headers
// that announce it (x-amz-expiration, x-amz-abort-date). The configuration is kept in the bucket
// setting "lifecycle" as "<transition minimum size>\n<the document GET answers>".
// Thread safety: pure functions; read_lifecycle caches per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/storage/types.hpp"
#include "s3sandbox/xml/lifecycle.hpp"

namespace s3sandbox::app {

inline constexpr std::string_view kLifecycleSetting = "lifecycle";

// The stored setting, both ways.
struct StoredLifecycle {
  std::string minimum_size;  // x-amz-transition-default-minimum-object-size
  std::string document;      // the LifecycleConfiguration document (rendered)
};
std::string encode_lifecycle(const StoredLifecycle& stored);
StoredLifecycle decode_lifecycle(std::string_view setting);

// The bucket's rules, parsed (cached per thread by the setting's text); null when it has none.
std::shared_ptr<const xml::LifecycleConfiguration> read_lifecycle(
    const storage::BucketSettings& settings);

// Whether the rule's filter selects the object (the tags are the object's, all of them).
bool rule_covers(const xml::LifecycleRule& rule, std::string_view key, std::uint64_t size,
                 const std::vector<std::pair<std::string, std::string>>& tags);

// created + days, rounded up to the next midnight UTC (S3: "rounded to the next day midnight").
core::TimePoint expiry_after(core::TimePoint created, int days);

// The earliest expiration an enabled rule sets for the object, and that rule's ID.
struct Due {
  core::TimePoint at;
  std::string rule_id;
};
std::optional<Due> object_expiry(const xml::LifecycleConfiguration& config,
                                 const storage::ObjectMeta& meta);
// The earliest AbortIncompleteMultipartUpload of an enabled rule whose prefix covers the key.
std::optional<Due> upload_abort(const xml::LifecycleConfiguration& config, std::string_view key,
                                core::TimePoint initiated);
// Whether an enabled expiration rule filters on tags (then listings alone cannot decide).
bool expiration_needs_tags(const xml::LifecycleConfiguration& config);

// x-amz-expiration's value: expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="id".
std::string expiration_header(const Due& due);

}  // namespace s3sandbox::app
