// ListBuckets with S3's paging and filters: prefix, bucket-region, max-buckets (1 to 10000;
// without it every bucket, as S3 answers accounts under its default quota) and
// continuation-token (opaque to clients: the base64 of the last name listed).
#include "s3sandbox/xml/list_buckets.hpp"

#include <algorithm>
#include <charconv>

#include "accounts.hpp"
#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {
namespace {

core::Result<std::size_t> max_buckets(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("max-buckets");
  if (p == nullptr) return std::size_t(0);  // no limit
  long long n = 0;
  auto [ptr, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), n);
  if (ec != std::errc() || ptr != p->value.data() + p->value.size() || n < 1 || n > 10000) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Argument max-buckets must be an integer between 1 and 10000.")
        .with("ArgumentName", "max-buckets")
        .with("ArgumentValue", std::string(p->value))
        .because("max-buckets is a number from 1 to 10000");
  }
  return static_cast<std::size_t>(n);
}

}  // namespace

Started list_buckets(ExchangeState& x) {
  auto limit = max_buckets(x);
  if (!limit) return answer(limit.error());
  std::string after;
  if (const router::QueryParam* t = x.op.param("continuation-token")) {
    auto decoded = crypto::base64_decode(t->value);
    if (!decoded || decoded->empty()) {
      return answer(core::S3Error(core::ErrorCode::kInvalidArgument,
                                  "The continuation token provided is incorrect")
                        .with("ArgumentName", "continuation-token")
                        .because("pass back the ContinuationToken of the previous page as is"));
    }
    after = std::move(*decoded);
  }
  const router::QueryParam* prefix = x.op.param("prefix");
  const router::QueryParam* region = x.op.param("bucket-region");

  auto buckets = x.services.backend.list_buckets();
  if (!buckets) return answer(buckets.error());
  // Each account lists its own buckets; with one credential every bucket is its own.
  const auth::CredentialStore& credentials = x.services.auth.options().credentials;
  if (credentials.all().size() > 1 && !x.auth.access_key.empty()) {
    std::erase_if(*buckets, [&](const storage::BucketInfo& b) {
      auto settings = x.services.backend.get_bucket_settings(b.name);
      return settings && bucket_owner_key(*settings, credentials) != x.auth.access_key;
    });
  }
  std::sort(buckets->begin(), buckets->end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  xml::ListBucketsPage page;
  if (prefix) page.prefix = std::string(prefix->value);
  for (storage::BucketInfo& b : *buckets) {
    if (!after.empty() && b.name <= after) continue;
    if (prefix && b.name.compare(0, prefix->value.size(), prefix->value) != 0) continue;
    // Both arms string_view: with a string literal and a std::string the ternary would make a
    // temporary std::string, and the view would outlive it (ASan: stack-use-after-scope).
    const std::string_view bucket_region =
        b.region.empty() ? std::string_view("us-east-1") : std::string_view(b.region);
    if (region && bucket_region != region->value) continue;
    if (*limit != 0 && page.buckets.size() == *limit) {
      page.continuation_token = crypto::base64_encode(page.buckets.back().name);
      break;
    }
    page.buckets.push_back(std::move(b));
  }
  return answer(xml_response(xml::render_list_buckets_page(page, owner_of(x))));
}

}  // namespace s3sandbox::app
