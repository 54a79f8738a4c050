// The time formats S3 speaks: RFC 1123 HTTP dates (Last-Modified, Date, If-Modified-Since),
// ISO 8601 with milliseconds (XML LastModified), and the compact SigV4 form 20130524T000000Z.
// Pure functions, UTC only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::core {

std::string format_http_date(TimePoint t);  // "Wed, 12 Oct 2009 17:50:00 GMT"
std::string format_iso8601(TimePoint t);    // "2009-10-12T17:50:30.000Z"
std::string format_amz_date(TimePoint t);   // "20091012T175030Z"

// Accepts RFC 1123, RFC 850 and asctime forms, as HTTP/1.1 requires of servers.
std::optional<TimePoint> parse_http_date(std::string_view s);
std::optional<TimePoint> parse_amz_date(std::string_view s);  // exactly YYYYMMDDTHHMMSSZ
std::optional<TimePoint> parse_iso8601(std::string_view s);   // YYYY-MM-DDTHH:MM:SS[.fff]Z

// "+2h", "-30m", "90s", "1d", "45" -> seconds; nullopt if malformed (--clock-offset).
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

}  // namespace s3sandbox::core
