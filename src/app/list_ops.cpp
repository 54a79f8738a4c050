// ListObjects (v1) and ListObjectsV2: query parameters validated as S3 does, one storage page,
// rendered by the xml module. Continuation tokens are opaque to clients (base64 of the last key
// or common prefix returned).
#include <charconv>

#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "list_params.hpp"
#include "listing_owners.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {
namespace {

core::Result<storage::ListPage> list_page(ExchangeState& x, const storage::ListQuery& q) {
  run_lifecycle_before_listing(x);  // no listing shows an object its rules expired
  auto page = x.services.backend.list_objects(x.op.bucket, q);
  if (!page) return page.error().with("BucketName", x.op.bucket);
  return page;
}

}  // namespace

Started list_objects_v1(ExchangeState& x) {
  auto keys = list_max_keys(x);
  if (!keys) return answer(keys.error());
  auto encoding = list_encoding_type(x);
  if (!encoding) return answer(encoding.error());
  xml::ListV1Params p;
  p.bucket = x.op.bucket;
  p.prefix = query_param_or(x, "prefix");
  p.delimiter = query_param_or(x, "delimiter");
  p.marker = query_param_or(x, "marker");
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
  auto keys = list_max_keys(x);
  if (!keys) return answer(keys.error());
  auto encoding = list_encoding_type(x);
  if (!encoding) return answer(encoding.error());
  xml::ListV2Params p;
  p.bucket = x.op.bucket;
  p.prefix = query_param_or(x, "prefix");
  p.delimiter = query_param_or(x, "delimiter");
  p.start_after = query_param_or(x, "start-after");
  p.continuation_token = query_param_or(x, "continuation-token");
  p.encoding_type = *encoding;
  p.max_keys = *keys;
  p.fetch_owner = query_param_or(x, "fetch-owner") == "true";

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
