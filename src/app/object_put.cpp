// PutObject: the body is streamed into a staged file while its MD5 (the ETag) and, when the
// request signed its payload, its SHA-256 are computed; only after every check passes is the
// staged file committed, so a refused or interrupted upload never becomes visible.
#include "handlers.hpp"
#include "object_headers.hpp"
#include "payload_check.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {
namespace {

class PutObjectConsumer final : public OpConsumer {
 public:
  PutObjectConsumer(ExchangeState& x, std::unique_ptr<storage::StagedWrite> staged,
                    storage::ObjectMeta meta, storage::WriteCondition condition,
                    std::optional<std::string> content_md5)
      : x_(x),
        staged_(std::move(staged)),
        meta_(std::move(meta)),
        condition_(std::move(condition)),
        content_md5_(std::move(content_md5)) {}

  core::Result<void> on_body(std::span<const char> bytes) override {
    if (x_.auth.payload == auth::PayloadMode::kSha256) sha256_.update(bytes);
    received_ += bytes.size();
    return staged_->write(bytes);
  }

  core::Result<core::Response> on_end() override {
    auto expected_length = x_.request.content_length;
    if (expected_length && received_ != *expected_length) {
      return core::S3Error(core::ErrorCode::kIncompleteBody)
          .because("Content-Length announced " + std::to_string(*expected_length) + " bytes but " +
                   std::to_string(received_) + " arrived");
    }
    if (x_.auth.payload == auth::PayloadMode::kSha256) {
      auto signed_payload = check_signed_payload(x_.auth, crypto::hex_encode(sha256_.finish()));
      if (!signed_payload) return signed_payload.error();
    }
    std::string md5_hex = staged_->md5_hex();
    if (content_md5_) {
      std::string computed = crypto::base64_encode(*crypto::hex_decode(md5_hex));
      if (computed != *content_md5_) {
        return core::S3Error(core::ErrorCode::kBadDigest)
            .with("ExpectedDigest", *content_md5_)
            .with("CalculatedDigest", computed)
            .because("Content-MD5 says " + *content_md5_ + " but the body's MD5 is " + computed);
      }
    }
    meta_.etag = md5_hex;
    auto committed =
        x_.services.backend.commit_object(std::move(staged_), std::move(meta_), condition_);
    if (!committed) return committed.error();
    core::Response r;
    r.headers.push_back({"ETag", quote_etag(committed->etag)});
    return r;
  }

 private:
  ExchangeState& x_;
  std::unique_ptr<storage::StagedWrite> staged_;
  storage::ObjectMeta meta_;
  storage::WriteCondition condition_;
  std::optional<std::string> content_md5_;
  crypto::Digest sha256_{crypto::DigestKind::kSha256};
  std::uint64_t received_ = 0;
};

bool is_streaming(auth::PayloadMode mode) {
  return mode == auth::PayloadMode::kStreamingSigned ||
         mode == auth::PayloadMode::kStreamingSignedTrailer ||
         mode == auth::PayloadMode::kStreamingUnsignedTrailer;
}

}  // namespace

// Checks of the request header shared by uploads: length, framing, Content-MD5 syntax.
core::Result<std::optional<std::string>> check_upload_header(const ExchangeState& x) {
  const core::RequestView& req = x.request;
  if (is_streaming(x.auth.payload)) {
    return core::S3Error(core::ErrorCode::kNotImplemented)
        .with("Header", "x-amz-content-sha256")
        .because("aws-chunked streaming uploads are not supported by this s3sandbox version");
  }
  if (req.chunked) {
    return core::S3Error(core::ErrorCode::kNotImplemented)
        .with("Header", "Transfer-Encoding")
        .because(
            "S3 does not accept Transfer-Encoding: chunked without aws-chunked framing; "
            "send Content-Length");
  }
  if (!req.content_length) return core::S3Error(core::ErrorCode::kMissingContentLength);
  if (*req.content_length > x.services.options.max_single_put) {
    return core::S3Error(core::ErrorCode::kEntityTooLarge)
        .with("ProposedSize", std::to_string(*req.content_length))
        .with("MaxSizeAllowed", std::to_string(x.services.options.max_single_put))
        .because("a single PUT takes at most 5 GiB; use a multipart upload");
  }
  std::optional<std::string> content_md5;
  if (auto md5 = req.header("content-md5")) {
    auto raw = crypto::base64_decode(*md5);
    if (!raw || raw->size() != 16) {
      return core::S3Error(core::ErrorCode::kInvalidDigest)
          .with("Content-MD5", std::string(*md5))
          .because("Content-MD5 must be the base64 of the body's 16-byte MD5 digest");
    }
    content_md5 = std::string(*md5);
  }
  return content_md5;
}

Started put_object(ExchangeState& x) {
  auto content_md5 = check_upload_header(x);
  if (!content_md5) return answer(content_md5.error());

  storage::ObjectMeta meta;
  meta.bucket = x.op.bucket;
  meta.key = x.op.key;
  if (auto r = read_object_headers(x.request, meta); !r) return answer(r.error());

  storage::WriteCondition condition;
  if (auto inm = x.request.header("if-none-match")) {
    if (*inm != "*") {
      return answer(core::S3Error(core::ErrorCode::kNotImplemented)
                        .with("Header", "If-None-Match")
                        .because("PutObject supports If-None-Match only with the value '*'"));
    }
    condition.if_none_match_any = true;
  }
  if (auto im = x.request.header("if-match")) condition.if_match = unquote_etag(*im);

  auto staged = x.services.backend.stage(x.op.bucket);
  if (!staged) return answer(staged.error().with("BucketName", x.op.bucket));
  return consume(std::make_unique<PutObjectConsumer>(
      x, std::move(*staged), std::move(meta), std::move(condition), std::move(*content_md5)));
}

}  // namespace s3sandbox::app
