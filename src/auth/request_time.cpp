#include "auth/request_time.hpp"

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::auth {

std::optional<core::TimePoint> parse_any_date(std::string_view text) {
  if (auto t = core::parse_amz_date(text)) return t;
  if (auto t = core::parse_http_date(text)) return t;
  for (std::string_view zone : {" +0000", " -0000", " UTC", " Z"}) {
    if (text.size() > zone.size() && text.substr(text.size() - zone.size()) == zone) {
      std::string fixed(text.substr(0, text.size() - zone.size()));
      fixed += " GMT";
      return core::parse_http_date(fixed);
    }
  }
  return std::nullopt;
}

std::optional<RequestTime> request_time(const core::RequestView& request) {
  if (auto amz = request.header("x-amz-date")) {
    auto t = parse_any_date(*amz);
    if (!t) return std::nullopt;
    return RequestTime{*t, std::string(*amz), true};
  }
  if (auto date = request.header("date")) {
    auto t = parse_any_date(*date);
    if (!t) return std::nullopt;
    return RequestTime{*t, std::string(*date), false};
  }
  return std::nullopt;
}

}  // namespace s3sandbox::auth
