// Fuzzes router::route over the request line and Host: path-style and virtual-hosted
// addressing, sub-resource selection and percent-decoding of paths and query values.
// Input (lines): method, request-target, Host, then "Name: value" headers (e.g.
// x-amz-copy-source).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "s3sandbox/router/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace s3sandbox;
  static const router::RouterOptions options{{"localhost", "s3.local"}};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines = fuzz::split_lines(input);

  core::RequestView r;
  r.method = std::string(fuzz::line_at(lines, 0));
  r.target = std::string(fuzz::line_at(lines, 1));
  fuzz::split_target(r.target, r.path, r.query);
  if (lines.size() > 2) r.headers.push_back({"Host", std::string(lines[2])});
  for (std::size_t i = 3; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }

  if (auto op = router::route(r, options)) {
    S3SANDBOX_FUZZ_CHECK(!router::op_name(op->kind).empty());
  }
  (void)router::percent_decode(r.path, false);
  (void)router::percent_decode(r.query, true);
  return 0;
}
