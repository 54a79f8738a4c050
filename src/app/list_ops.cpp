// ListObjects (v1) and ListObjectsV2: query parameters validated as S3 does, one storage page,
// rendered by the xml module. Continuation tokens are opaque to clients (base64 of the last key
// or common prefix returned).
#include <charconv>

#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "listing_owners.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {
namespace {

std::string param_or(const ExchangeState& x, std::string_view name, std::string fallback = {}) {
  const router::QueryParam* p = x.op.param(name);
  return p ? std::string(p->value) : fallback;
}

core::Result<int> max_keys(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("max-keys");
  if (p == nullptr) return 1000;
  long long n = 0;
  auto [ptr, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), n);
  if (ec != std::errc() || ptr != p->value.data() + p->value.size() || n < 0) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Provided max-keys not an integer or within integer range")
        .with("ArgumentName", "max-keys")
        .with("ArgumentValue", std::string(p->value));
  }
  return static_cast<int>(std::min<long long>(n, 1000));
}

core::Result<std::string> encoding_type(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("encoding-type");
  if (p == nullptr) return std::string();
  if (p->value != "url") {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Invalid Encoding Method specified in Request")
        .with("ArgumentName", "encoding-type")
        .with("ArgumentValue", std::string(p->value));
  }
  return std::string(p->value);
}

core::Result<storage::ListPage> list_page(ExchangeState& x, const storage::ListQuery& q) {
  run_lifecycle_before_listing(x);  // no listing shows an object its rules expired
  auto page = x.services.backend.list_objects(x.op.bucket, q);
  if (!page) return page.error().with("BucketName", x.op.bucket);
  return page;
}

}  // namespace

Started list_objects_v1(ExchangeState& x) {
  auto keys = max_keys(x);
  if (!keys) return answer(keys.error());
  auto encoding = encoding_type(x);
  if (!encoding) return answer(encoding.error());
  xml::ListV1Params p;
  p.bucket = x.op.bucket;
  p.prefix = param_or(x, "prefix");
  p.delimiter = param_or(x, "delimiter");
  p.marker = param_or(x, "marker");
  p.encoding_type = *encoding;
  p.max_keys = *keys;
  storage::ListQuery q{p.prefix, p.delimiter, p.marker, p.max_keys};
  auto page = list_page(x, q);
  if (!page) return answer(page.error());
  p.next_marker = page->next_after;
  p.owners = listed_object_owners(x, *page);  // V1 always shows owners
  return answer(xml_response(xml::render_list_objects_v1(p, *page, owner_of(x))));
}

Started list_objects_v2(ExchangeState& x) {
  auto keys = max_keys(x);
  if (!keys) return answer(keys.error());
  auto encoding = encoding_type(x);
  if (!encoding) return answer(encoding.error());
  xml::ListV2Params p;
  p.bucket = x.op.bucket;
  p.prefix = param_or(x, "prefix");
  p.delimiter = param_or(x, "delimiter");
  p.start_after = param_or(x, "start-after");
  p.continuation_token = param_or(x, "continuation-token");
  p.encoding_type = *encoding;
  p.max_keys = *keys;
  p.fetch_owner = param_or(x, "fetch-owner") == "true";

  std::string after = p.start_after;
  if (x.op.param("continuation-token") != nullptr) {
    auto decoded = crypto::base64_decode(p.continuation_token);
    if (!decoded || decoded->empty()) {
      return answer(core::S3Error(core::ErrorCode::kInvalidArgument,
                                  "The continuation token provided is incorrect")
                        .with("ArgumentName", "continuation-token"));
    }
    // The token wins over start-after when both are given, as S3 documents.
    after = std::max(after, *decoded);
  }
  storage::ListQuery q{p.prefix, p.delimiter, after, p.max_keys};
  auto page = list_page(x, q);
  if (!page) return answer(page.error());
  if (page->truncated) p.next_continuation_token = crypto::base64_encode(page->next_after);
  if (p.fetch_owner) p.owners = listed_object_owners(x, *page);
  return answer(xml_response(xml::render_list_objects_v2(p, *page, owner_of(x))));
}

}  // namespace s3sandbox::app
