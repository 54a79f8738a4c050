#include "xml_body.hpp"

#include "payload_check.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "upload_integrity.hpp"

namespace s3sandbox::app {
namespace {

class XmlBodyConsumer final : public OpConsumer {
 public:
  XmlBodyConsumer(ExchangeState& x, std::optional<IntegrityPlan> plan, XmlHandler handler)
      : x_(x), plan_(std::move(plan)), handler_(handler) {}

  core::Result<void> on_body(std::span<const char> bytes) override {
    if (body_.size() + bytes.size() > xml::kMaxXmlBody) {
      return core::S3Error(core::ErrorCode::kMalformedXML)
          .because("the XML body is larger than " + std::to_string(xml::kMaxXmlBody) + " bytes");
    }
    body_.append(bytes.data(), bytes.size());
    return {};
  }

  core::Result<core::Response> on_end() override {
    if (auto signed_payload = check_signed_payload(x_.auth, crypto::sha256_hex(body_));
        !signed_payload) {
      return signed_payload.error();
    }
    if (plan_) {
      UploadHasher hasher(*plan_, false);
      hasher.update(body_);
      auto verified = hasher.verify(crypto::hex_encode(crypto::md5(body_)), {}, x_.auth);
      if (!verified) return verified.error();
    }
    return handler_(x_, std::move(body_));
  }

 private:
  ExchangeState& x_;
  std::optional<IntegrityPlan> plan_;  // nullopt: the checksum headers are not the body's
  XmlHandler handler_;
  std::string body_;
};

// CompleteMultipartUpload's x-amz-checksum-* headers are the assembled object's checksum, which
// its handler checks against the parts: only a Content-MD5 speaks of the document itself.
core::Result<std::optional<IntegrityPlan>> content_md5_only(const ExchangeState& x) {
  auto md5 = x.request.header("content-md5");
  if (!md5) return std::optional<IntegrityPlan>();
  auto decoded = crypto::base64_decode(*md5);
  if (!decoded || decoded->size() != 16) {
    return core::S3Error(core::ErrorCode::kInvalidDigest)
        .with("Content-MD5", std::string(*md5))
        .because("Content-MD5 must be the base64 of the body's 16-byte MD5 digest");
  }
  IntegrityPlan plan;
  plan.content_md5 = std::string(*md5);
  return std::optional<IntegrityPlan>(std::move(plan));
}

}  // namespace

Started read_xml_document(ExchangeState& x, const router::OperationRow& row, XmlHandler handler) {
  core::Result<std::optional<IntegrityPlan>> plan = std::optional<IntegrityPlan>();
  if (row.integrity == router::Integrity::kObjectChecksum) {
    plan = content_md5_only(x);
  } else if (auto full = plan_integrity(x); full) {
    plan = std::optional<IntegrityPlan>(std::move(*full));
  } else {
    plan = full.error();
  }
  if (!plan) return answer(plan.error());
  const bool promised = *plan && ((*plan)->content_md5 || (*plan)->checksum);
  if (row.integrity == router::Integrity::kRequired && !promised) {
    return answer(core::S3Error(core::ErrorCode::kInvalidRequest,
                                "Missing required header for this request: Content-Md5")
                      .because(std::string(row.name) +
                               " needs Content-MD5 or an x-amz-checksum-* header (SDKs add one "
                               "themselves; a hand-made request must compute it)"));
  }
  return consume(std::make_unique<XmlBodyConsumer>(x, std::move(*plan), handler));
}

}  // namespace s3sandbox::app
