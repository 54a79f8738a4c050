// Fuzzes the presigned-URL explainer (POST /_sandbox/explain takes URLs from its callers): URL
// splitting, routing, reading the presign parameters, the verdict (the Authenticator on every
// method), the lint and both renderings.
// Input (lines): URL, method, "AK:SK" credential (empty: none), then "Name: value" headers.
// Invariants: a report with an error finding is never usable; the JSON always serializes.
#include <boost/json/serialize.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "s3sandbox/explain/explain.hpp"
#include "s3sandbox/explain/render.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace s3sandbox;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> lines = fuzz::split_lines(input);
  explain::ExplainInput in;
  in.url = std::string(fuzz::line_at(lines, 0));
  in.method = std::string(fuzz::line_at(lines, 1));
  in.credential = auth::parse_credential(fuzz::line_at(lines, 2));
  for (std::size_t i = 3; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    in.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  explain::ExplainOptions options;
  options.domains = {"localhost", "s3.local"};
  options.page_origin = "https://app.example.com";
  options.expect_host = "localhost:9000";
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1796200000));
  explain::Report report = explain::explain(in, options, now);
  bool error = false;
  for (const explain::Finding& f : report.findings) {
    error |= f.severity == explain::Severity::kError;
  }
  S3SANDBOX_FUZZ_CHECK(!(error && report.usable()));
  S3SANDBOX_FUZZ_CHECK(!boost::json::serialize(explain::to_json(report)).empty());
  S3SANDBOX_FUZZ_CHECK(!explain::to_text(report).empty());
  return 0;
}
