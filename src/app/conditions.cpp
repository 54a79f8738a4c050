#include "conditions.hpp"

#include "object_headers.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {

ConditionHeaders get_conditions(const core::RequestView& r) {
  return {r.header("if-match"), r.header("if-none-match"), r.header("if-modified-since"),
          r.header("if-unmodified-since")};
}

ConditionHeaders copy_source_conditions(const core::RequestView& r) {
  return {r.header("x-amz-copy-source-if-match"), r.header("x-amz-copy-source-if-none-match"),
          r.header("x-amz-copy-source-if-modified-since"),
          r.header("x-amz-copy-source-if-unmodified-since")};
}

bool etag_list_matches(std::string_view list, std::string_view etag) {
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    std::string_view item =
        list.substr(start, comma == std::string_view::npos ? list.npos : comma - start);
    std::string tag = unquote_etag(item);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

ConditionOutcome evaluate_conditions(const ConditionHeaders& c, std::string_view etag,
                                     core::TimePoint last_modified) {
  auto modified_secs = std::chrono::floor<std::chrono::seconds>(last_modified);
  if (c.if_match) {
    if (!etag_list_matches(*c.if_match, etag)) return ConditionOutcome::kPreconditionFailed;
  } else if (c.if_unmodified_since) {
    auto t = core::parse_http_date(*c.if_unmodified_since);
    if (t && modified_secs > *t) return ConditionOutcome::kPreconditionFailed;
  }
  if (c.if_none_match) {
    if (etag_list_matches(*c.if_none_match, etag)) return ConditionOutcome::kNotModified;
  } else if (c.if_modified_since) {
    auto t = core::parse_http_date(*c.if_modified_since);
    if (t && modified_secs <= *t) return ConditionOutcome::kNotModified;
  }
  return ConditionOutcome::kProceed;
}

}  // namespace s3sandbox::app
