// DeleteObject and DeleteObjects (multi-object delete, with quiet mode).
#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"
#include "upload_integrity.hpp"
#include "xml_body.hpp"

namespace s3sandbox::app {

Started delete_object(ExchangeState& x) {
  auto r = x.services.backend.delete_object(x.op.bucket, x.op.key);
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

Started delete_objects(ExchangeState& x) {
  // S3 requires an integrity header on DeleteObjects: Content-MD5 or (since 2025) a checksum.
  auto plan = plan_integrity(x);
  if (!plan) return answer(plan.error());
  if (!plan->content_md5 && !plan->checksum) {
    return answer(core::S3Error(core::ErrorCode::kInvalidRequest,
                                "Missing required header for this request: Content-Md5")
                      .because("DeleteObjects needs Content-MD5 or an x-amz-checksum-* header"));
  }
  if (auto bucket = x.services.backend.get_bucket(x.op.bucket); !bucket) {
    return answer(bucket.error().with("BucketName", x.op.bucket));
  }
  ExchangeState* state = &x;
  return consume(std::make_unique<XmlBodyConsumer>(
      x.auth, xml::kMaxXmlBody,
      [state, plan = std::move(*plan)](std::string body) -> core::Result<core::Response> {
        UploadHasher hasher(plan, false);
        hasher.update(body);
        auto verified = hasher.verify(crypto::hex_encode(crypto::md5(body)), {}, state->auth);
        if (!verified) return verified.error();
        auto request = xml::parse_delete_request(body);
        if (!request) return request.error();
        std::vector<xml::DeleteOutcome> outcomes;
        for (const std::string& key : request->keys) {
          auto r = state->services.backend.delete_object(state->op.bucket, key);
          if (!r && r.error().code == core::ErrorCode::kNoSuchBucket) return r.error();
          xml::DeleteOutcome o;
          o.key = key;
          if (!r) {
            o.deleted = false;
            o.error_code = std::string(r.error().info().code);
            o.error_message = std::string(r.error().effective_message());
          }
          outcomes.push_back(std::move(o));
        }
        return xml_response(xml::render_delete_result(outcomes, request->quiet));
      }));
}

}  // namespace s3sandbox::app
