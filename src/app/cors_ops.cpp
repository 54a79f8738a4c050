// PutBucketCors, GetBucketCors and DeleteBucketCors. PutBucketCors requires an integrity header
// (Content-MD5, or an x-amz-checksum-* since S3's 2025 checksum change), as DeleteObjects does;
// SDKs compute it themselves.
#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"
#include "upload_integrity.hpp"
#include "xml_body.hpp"

namespace s3sandbox::app {

Started put_bucket_cors(ExchangeState& x) {
  auto plan = plan_integrity(x);
  if (!plan) return answer(plan.error());
  if (!plan->content_md5 && !plan->checksum) {
    return answer(core::S3Error(core::ErrorCode::kInvalidRequest,
                                "Missing required header for this request: Content-Md5")
                      .because("PutBucketCors needs Content-MD5 or an x-amz-checksum-* header"));
  }
  if (auto bucket = x.services.backend.get_bucket(x.op.bucket); !bucket) {
    return answer(bucket.error().with("BucketName", x.op.bucket));
  }
  ExchangeState* state = &x;
  return consume(std::make_unique<XmlBodyConsumer>(
      x.auth, xml::kMaxCorsBody,
      [state, plan = std::move(*plan)](std::string body) -> core::Result<core::Response> {
        UploadHasher hasher(plan, false);
        hasher.update(body);
        auto verified = hasher.verify(crypto::hex_encode(crypto::md5(body)), {}, state->auth);
        if (!verified) return verified.error();
        auto rules = xml::parse_cors_configuration(body);
        if (!rules) return rules.error();
        auto stored = state->services.backend.put_bucket_cors(state->op.bucket, *rules);
        if (!stored) return stored.error().with("BucketName", state->op.bucket);
        return core::Response{};
      }));
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
