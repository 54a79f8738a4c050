// PutBucketCors, GetBucketCors and DeleteBucketCors. PutBucketCors requires an integrity header
// (Content-MD5, or an x-amz-checksum-* since S3's 2025 checksum change): its table row says so,
// and dispatch checks it before the document reaches put_bucket_cors.
#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

core::Result<core::Response> put_bucket_cors(ExchangeState& x, std::string body) {
  auto rules = xml::parse_cors_configuration(body);
  if (!rules) return rules.error();
  auto stored = x.services.backend.put_bucket_cors(x.op.bucket, *rules);
  if (!stored) return stored.error().with("BucketName", x.op.bucket);
  return core::Response{};
}

Started get_bucket_cors(ExchangeState& x) {
  auto rules = x.services.backend.get_bucket_cors(x.op.bucket);
  if (!rules) return answer(rules.error().with("BucketName", x.op.bucket));
  if (!*rules) {
    return answer(core::S3Error(core::ErrorCode::kNoSuchCORSConfiguration)
                      .with("BucketName", x.op.bucket)
                      .because("bucket '" + x.op.bucket +
                               "' has no CORS configuration; set one with PutBucketCors"));
  }
  return answer(xml_response(xml::render_cors_configuration(**rules)));
}

Started delete_bucket_cors(ExchangeState& x) {
  auto r = x.services.backend.delete_bucket_cors(x.op.bucket);
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

}  // namespace s3sandbox::app
