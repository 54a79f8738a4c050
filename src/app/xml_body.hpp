// XmlBodyConsumer: collects a small request body (XML documents such as Delete or
// CreateBucketConfiguration) up to a limit, then hands it to a function. A larger body is refused
// with MalformedXML as soon as the limit is crossed, without reading the rest.
#pragma once

#include <functional>

#include "exchange_state.hpp"

namespace s3sandbox::app {

class XmlBodyConsumer final : public OpConsumer {
 public:
  using Finish = std::function<core::Result<core::Response>(std::string body)>;
  XmlBodyConsumer(std::size_t limit, Finish finish) : limit_(limit), finish_(std::move(finish)) {}

  core::Result<void> on_body(std::span<const char> bytes) override {
    if (body_.size() + bytes.size() > limit_) {
      return core::S3Error(core::ErrorCode::kMalformedXML)
          .because("the XML body is larger than " + std::to_string(limit_) + " bytes");
    }
    body_.append(bytes.data(), bytes.size());
    return {};
  }
  core::Result<core::Response> on_end() override { return finish_(std::move(body_)); }

 private:
  std::size_t limit_;
  Finish finish_;
  std::string body_;
};

}  // namespace s3sandbox::app
