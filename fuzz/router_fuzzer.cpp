// Fuzzes router::route over the request line and Host: path-style and virtual-hosted
// addressing, sub-resource selection, and core's percent-decoding and query parsing of paths and
// query values.
// Input (lines): method, request-target, Host, then "Name: value" headers (e.g.
// x-amz-copy-source).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "s3sandbox/core/uri.hpp"
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
    // The two readings of a parameter differ only where a literal '+' became a space.
    auto same_but_plus = [](std::string_view s3, std::string_view as_signed) {
      if (s3.size() != as_signed.size()) return false;
      for (std::size_t i = 0; i < s3.size(); ++i) {
        if (s3[i] != as_signed[i] && !(s3[i] == ' ' && as_signed[i] == '+')) return false;
      }
      return true;
    };
    for (const router::QueryParam& p : op->query) {
      S3SANDBOX_FUZZ_CHECK(same_but_plus(p.name, p.signed_name));
      S3SANDBOX_FUZZ_CHECK(same_but_plus(p.value, p.signed_value));
    }
  }
  (void)core::percent_decode(r.path);
  (void)core::percent_decode(r.query, core::PlusIs::kSpace);
  return 0;
}
