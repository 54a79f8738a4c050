// ListParts, ListMultipartUploads and AbortMultipartUpload.
#include <charconv>

#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "list_params.hpp"
#include "listing_owners.hpp"
#include "multipart_common.hpp"
#include "respond.hpp"

namespace s3sandbox::app {
namespace {

// A non-negative integer query parameter, capped at 1000 as S3 caps page sizes.
core::Result<int> page_param(const ExchangeState& x, std::string_view name, int fallback, int cap) {
  const router::QueryParam* p = x.op.param(name);
  if (p == nullptr) return fallback;
  long long n = 0;
  auto [ptr, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), n);
  if (p->value.empty() || ec != std::errc() || ptr != p->value.data() + p->value.size() || n < 0) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Argument " + std::string(name) + " must be an integer between 0 and " +
                             "2147483647")
        .with("ArgumentName", std::string(name))
        .with("ArgumentValue", std::string(p->value));
  }
  return static_cast<int>(std::min<long long>(n, cap));
}

}  // namespace

Started list_parts(ExchangeState& x) {
  auto upload = find_upload(x);
  if (!upload) return answer(upload.error());
  auto max_parts = page_param(x, "max-parts", 1000, 1000);
  if (!max_parts) return answer(max_parts.error());
  auto marker = page_param(x, "part-number-marker", 0, 10000);
  if (!marker) return answer(marker.error());
  auto page =
      x.services.backend.list_parts(x.op.bucket, x.op.key, upload->upload_id, *marker, *max_parts);
  if (!page) return answer(page.error().with("UploadId", upload->upload_id));
  xml::ListPartsParams p;
  p.bucket = x.op.bucket;
  p.key = x.op.key;
  p.upload_id = upload->upload_id;
  p.storage_class = upload->meta.storage_class;
  p.checksum_algorithm = upload->checksum_algorithm;
  p.checksum_type = upload->checksum_algorithm.empty() ? "" : upload->meta.checksum_type;
  p.part_number_marker = *marker;
  p.max_parts = *max_parts;
  const UploadPrincipals who = upload_principals(x, *upload);
  p.initiator = who.initiator;
  core::Response r = xml_response(xml::render_list_parts(p, *page, who.owner));
  add_abort_headers(x, upload->key, upload->initiated, r);
  return answer(std::move(r));
}

Started list_multipart_uploads(ExchangeState& x) {
  auto max_uploads = page_param(x, "max-uploads", 1000, 1000);
  if (!max_uploads) return answer(max_uploads.error());
  auto encoding = list_encoding_type(x);
  if (!encoding) return answer(encoding.error());
  storage::UploadsQuery q;
  q.prefix = query_param_or(x, "prefix");
  q.delimiter = query_param_or(x, "delimiter");
  q.key_marker = query_param_or(x, "key-marker");
  // S3 ignores upload-id-marker without key-marker.
  q.upload_id_marker = q.key_marker.empty() ? "" : query_param_or(x, "upload-id-marker");
  q.max_uploads = *max_uploads;
  auto page = x.services.backend.list_uploads(x.op.bucket, q);
  if (!page) return answer(page.error().with("BucketName", x.op.bucket));
  xml::ListUploadsParams p;
  p.bucket = x.op.bucket;
  p.prefix = q.prefix;
  p.delimiter = q.delimiter;
  p.key_marker = q.key_marker;
  p.upload_id_marker = q.upload_id_marker;
  p.encoding_type = *encoding;
  p.max_uploads = q.max_uploads;
  for (const storage::MultipartUpload& upload : page->uploads) {
    UploadPrincipals who = upload_principals(x, upload);
    p.initiators.push_back(std::move(who.initiator));
    p.owners.push_back(std::move(who.owner));
  }
  return answer(xml_response(xml::render_list_multipart_uploads(p, *page, owner_of(x))));
}

Started abort_multipart_upload(ExchangeState& x) {
  auto upload = find_upload(x);
  if (!upload) return answer(upload.error());
  auto r = x.services.backend.abort_upload(x.op.bucket, x.op.key, upload->upload_id);
  if (!r) return answer(r.error().with("UploadId", upload->upload_id));
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

}  // namespace s3sandbox::app
