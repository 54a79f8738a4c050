// Reporting S3's object events (event notifications) from the handlers, after the write or
// delete has succeeded. A bucket without a notification configuration costs one indexed lookup
// and reports nothing; with no event sink (a library user who wires none) nothing is read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "exchange_state.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

// What the event says about the request: its ids, the client's address, who made it.
EventOrigin event_origin(const ExchangeState& x);

// `name` is S3's eventName ("ObjectCreated:Put"); `created` is the stored object of a created
// event (size, ETag and, when it has one, its version id), null for a removal. `version_id` is
// the version a removal removed or the delete marker it created, as its answer's
// x-amz-version-id shows it ("null" included); nullopt when it showed none.
void report_object_event(const ExchangeState& x, std::string_view name, const std::string& key,
                         const storage::ObjectMeta* created,
                         std::optional<std::string> version_id = std::nullopt);

}  // namespace s3sandbox::app
