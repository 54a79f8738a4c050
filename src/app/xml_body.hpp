// XmlBodyConsumer: collects a small request body (XML documents such as Delete or
// CreateBucketConfiguration) up to a limit, checks a signed payload hash, then hands it to a
// function. A larger body is refused with MalformedXML as soon as the limit is crossed, without
// reading the rest.
#pragma once

#include <functional>

#include "exchange_state.hpp"
#include "payload_check.hpp"
#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::app {

class XmlBodyConsumer final : public OpConsumer {
 public:
  using Finish = std::function<core::Result<core::Response>(std::string body)>;
  XmlBodyConsumer(const auth::AuthResult& auth, std::size_t limit, Finish finish)
      : auth_(auth), limit_(limit), finish_(std::move(finish)) {}

  core::Result<void> on_body(std::span<const char> bytes) override {
    if (body_.size() + bytes.size() > limit_) {
      return core::S3Error(core::ErrorCode::kMalformedXML)
          .because("the XML body is larger than " + std::to_string(limit_) + " bytes");
    }
    body_.append(bytes.data(), bytes.size());
    return {};
  }
  core::Result<core::Response> on_end() override {
    if (auto signed_payload = check_signed_payload(auth_, crypto::sha256_hex(body_));
        !signed_payload) {
      return signed_payload.error();
    }
    return finish_(std::move(body_));
  }

 private:
  const auth::AuthResult& auth_;
  std::size_t limit_;
  Finish finish_;
  std::string body_;
};

}  // namespace s3sandbox::app
