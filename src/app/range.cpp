#include "range.hpp"

#include <charconv>

namespace s3sandbox::app {
namespace {

std::optional<std::uint64_t> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

core::S3Error unsatisfiable(std::string_view header, std::uint64_t size) {
  return core::S3Error(core::ErrorCode::kInvalidRange)
      .with("RangeRequested", std::string(header))
      .with("ActualObjectSize", std::to_string(size))
      .with_header("Content-Range", "bytes */" + std::to_string(size))
      .because("the range " + std::string(header) + " starts beyond the object's " +
               std::to_string(size) + " bytes");
}

}  // namespace

core::Result<std::optional<ByteRange>> parse_range(std::string_view header,
                                                   std::uint64_t object_size) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return std::optional<ByteRange>();
  std::string_view spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return std::optional<ByteRange>();
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::optional<ByteRange>();
  std::string_view first_text = spec.substr(0, dash);
  std::string_view last_text = spec.substr(dash + 1);

  if (first_text.empty()) {  // suffix range: the last N bytes
    auto n = number(last_text);
    if (!n) return std::optional<ByteRange>();
    if (*n == 0) return unsatisfiable(header, object_size);
    if (object_size == 0) return unsatisfiable(header, object_size);
    std::uint64_t len = std::min(*n, object_size);
    return std::optional<ByteRange>(ByteRange{object_size - len, len});
  }
  auto first = number(first_text);
  if (!first) return std::optional<ByteRange>();
  std::uint64_t last = object_size == 0 ? 0 : object_size - 1;
  if (!last_text.empty()) {
    auto l = number(last_text);
    if (!l || *l < *first) return std::optional<ByteRange>();  // invalid: ignored, as RFC 7233
    last = std::min(*l, last);
  }
  if (*first >= object_size) return unsatisfiable(header, object_size);
  return std::optional<ByteRange>(ByteRange{*first, last - *first + 1});
}

}  // namespace s3sandbox::app
