// Fuzzes every S3 XML request-body parser (xml/parse.hpp) with the same bytes: each checks its
// own root element, so one corpus covers Delete, CreateBucketConfiguration,
// CompleteMultipartUpload and CORSConfiguration documents. The parsers' documented
// postconditions are checked.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "s3sandbox/xml/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace s3sandbox;
  std::string_view body(reinterpret_cast<const char*>(data), size);

  (void)xml::parse_create_bucket_configuration(body);

  if (auto del = xml::parse_delete_request(body)) {
    S3SANDBOX_FUZZ_CHECK(!del->keys.empty() && del->keys.size() <= 1000);
    for (const auto& key : del->keys) S3SANDBOX_FUZZ_CHECK(!key.empty());
  }

  if (auto parts = xml::parse_complete_multipart_upload(body)) {
    S3SANDBOX_FUZZ_CHECK(!parts->empty() && parts->size() <= 10000);
  }

  if (auto rules = xml::parse_cors_configuration(body)) {
    S3SANDBOX_FUZZ_CHECK(!rules->empty() && rules->size() <= xml::kMaxCorsRules);
    for (const auto& rule : *rules) {
      S3SANDBOX_FUZZ_CHECK(!rule.allowed_origins.empty() && !rule.allowed_methods.empty());
      S3SANDBOX_FUZZ_CHECK(!rule.max_age_seconds ||
                           (*rule.max_age_seconds >= 0 && *rule.max_age_seconds <= 2147483647));
    }
  }
  return 0;
}
