// DeleteObject and DeleteObjects (multi-object delete, with quiet mode).
#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"
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
  auto content_md5 = x.request.header("content-md5");
  bool has_checksum = false;
  for (const core::Header& h : x.request.headers) {
    if (core::to_lower(h.name).rfind("x-amz-checksum-", 0) == 0) has_checksum = true;
  }
  if (!content_md5 && !has_checksum) {
    return answer(core::S3Error(core::ErrorCode::kInvalidRequest,
                                "Missing required header for this request: Content-Md5")
                      .because("DeleteObjects needs Content-MD5 or an x-amz-checksum-* header"));
  }
  if (auto bucket = x.services.backend.get_bucket(x.op.bucket); !bucket) {
    return answer(bucket.error().with("BucketName", x.op.bucket));
  }
  ExchangeState* state = &x;
  std::optional<std::string> md5 =
      content_md5 ? std::optional<std::string>(std::string(*content_md5)) : std::nullopt;
  return consume(std::make_unique<XmlBodyConsumer>(
      x.auth, xml::kMaxXmlBody, [state, md5](std::string body) -> core::Result<core::Response> {
        if (md5 && crypto::base64_encode(crypto::md5(body)) != *md5) {
          return core::S3Error(core::ErrorCode::kBadDigest)
              .because("Content-MD5 does not match the Delete document");
        }
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
