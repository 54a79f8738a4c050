#include "upload_body.hpp"

#include <algorithm>
#include <charconv>

#include "header_list.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {
namespace {

bool is_streaming(auth::PayloadMode mode) {
  return mode == auth::PayloadMode::kStreamingSigned ||
         mode == auth::PayloadMode::kStreamingSignedTrailer ||
         mode == auth::PayloadMode::kStreamingUnsignedTrailer;
}

std::optional<std::uint64_t> parse_size(std::string_view s) {
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

core::S3Error too_large(std::uint64_t size, std::uint64_t max) {
  return core::S3Error(core::ErrorCode::kEntityTooLarge)
      .with("ProposedSize", std::to_string(size))
      .with("MaxSizeAllowed", std::to_string(max))
      .because("a single upload takes at most " + std::to_string(max) +
               " bytes; use a multipart upload");
}

auth::AwsChunkedOptions decoder_options(const ExchangeState& x, const IntegrityPlan& plan) {
  auth::AwsChunkedOptions o;
  o.mode = x.auth.payload;
  o.declared_trailers = plan.declared_trailers;
  // An empty seed means the request signature was not verified (warn/off mode): chunk
  // signatures cannot be checked then.
  if (x.auth.payload != auth::PayloadMode::kStreamingUnsignedTrailer &&
      !x.auth.seed_signature.empty()) {
    o.signing = auth::ChunkSigning{x.auth.signing_key, x.auth.amz_date, x.auth.scope,
                                   x.auth.seed_signature};
  }
  return o;
}

}  // namespace

core::Result<UploadPlan> plan_upload(const ExchangeState& x, std::uint64_t max_size) {
  const core::RequestView& req = x.request;
  UploadPlan plan;
  plan.streaming = is_streaming(x.auth.payload);
  if (plan.streaming) {
    // The wire carries framing; the payload's size is announced separately.
    auto decoded = req.header("x-amz-decoded-content-length");
    if (!decoded) {
      return core::S3Error(core::ErrorCode::kMissingContentLength)
          .because("an aws-chunked upload must send x-amz-decoded-content-length");
    }
    auto size = parse_size(*decoded);
    if (!size) {
      return core::S3Error(core::ErrorCode::kInvalidArgument)
          .with("ArgumentName", "x-amz-decoded-content-length")
          .with("ArgumentValue", std::string(*decoded))
          .because("x-amz-decoded-content-length must be a decimal byte count");
    }
    if (!req.content_length && !req.chunked) {
      return core::S3Error(core::ErrorCode::kMissingContentLength)
          .because("send Content-Length or Transfer-Encoding: chunked");
    }
    plan.payload_size = *size;
  } else {
    if (req.chunked) {
      return core::S3Error(core::ErrorCode::kNotImplemented)
          .with("Header", "Transfer-Encoding")
          .because(
              "S3 does not accept Transfer-Encoding: chunked without aws-chunked framing "
              "(x-amz-content-sha256: STREAMING-...); send Content-Length");
    }
    if (!req.content_length) return core::S3Error(core::ErrorCode::kMissingContentLength);
    plan.payload_size = *req.content_length;
  }
  if (plan.payload_size > max_size) return too_large(plan.payload_size, max_size);
  auto integrity = plan_integrity(x);
  if (!integrity) return integrity.error();
  plan.integrity = std::move(*integrity);
  return plan;
}

UploadBody::UploadBody(const ExchangeState& x, UploadPlan plan,
                       std::unique_ptr<storage::StagedWrite> staged)
    : x_(x),
      plan_(std::move(plan)),
      staged_(std::move(staged)),
      hasher_(plan_.integrity, x.auth.payload == auth::PayloadMode::kSha256),
      md5_(crypto::DigestKind::kMd5, plan_.payload_size) {
  if (plan_.streaming) decoder_.emplace(decoder_options(x, plan_.integrity));
}

// MD5 first: for a large payload it copies the bytes to its thread, which then hashes them
// while this thread checksums and writes them.
core::Result<void> UploadBody::store(std::span<const char> payload) {
  md5_.update(payload);
  hasher_.update(payload);
  return staged_->write(payload);
}

core::Result<void> UploadBody::take_payload(std::span<const char> payload) {
  payload_bytes_ += payload.size();
  if (payload_bytes_ > plan_.payload_size) {
    return core::S3Error(core::ErrorCode::kIncompleteBody)
        .with("NumberBytesExpected", std::to_string(plan_.payload_size))
        .with("NumberBytesProvided", std::to_string(payload_bytes_))
        .because("x-amz-decoded-content-length announced " + std::to_string(plan_.payload_size) +
                 " bytes but the aws-chunked body carries more");
  }
  return store(payload);
}

core::Result<void> UploadBody::write(std::span<const char> wire) {
  wire_bytes_ += wire.size();
  if (!decoder_) {
    // Without framing, Content-Length bounds the body (the HTTP layer stops there).
    payload_bytes_ += wire.size();
    return store(wire);
  }
  return decoder_->feed(wire, [this](std::span<const char> p) { return take_payload(p); });
}

core::Result<FinishedUpload> UploadBody::finish() {
  auto expected_wire = x_.request.content_length;
  if (expected_wire && wire_bytes_ != *expected_wire) {
    return core::S3Error(core::ErrorCode::kIncompleteBody)
        .because("Content-Length announced " + std::to_string(*expected_wire) + " bytes but " +
                 std::to_string(wire_bytes_) + " arrived");
  }
  std::vector<auth::TrailerField> no_trailers;
  const std::vector<auth::TrailerField>* trailers = &no_trailers;
  if (decoder_) {
    if (auto r = decoder_->finish(); !r) return r.error();
    trailers = &decoder_->trailers();
    if (payload_bytes_ != plan_.payload_size) {
      return core::S3Error(core::ErrorCode::kIncompleteBody)
          .with("NumberBytesExpected", std::to_string(plan_.payload_size))
          .with("NumberBytesProvided", std::to_string(payload_bytes_))
          .because("x-amz-decoded-content-length announced " + std::to_string(plan_.payload_size) +
                   " bytes but the aws-chunked body "
                   "carried " +
                   std::to_string(payload_bytes_));
    }
  }
  std::string md5_hex = crypto::hex_encode(md5_.finish());
  auto verified = hasher_.verify(std::move(md5_hex), *trailers, x_.auth);
  if (!verified) return verified.error();
  FinishedUpload out;
  out.size = payload_bytes_;
  out.integrity = std::move(*verified);
  out.staged = std::move(staged_);
  return out;
}

void apply_integrity(const VerifiedIntegrity& v, storage::ObjectMeta& meta) {
  meta.etag = v.md5_hex;
  meta.checksums.clear();
  meta.checksums[v.checksum_name] = v.checksum_base64;
  meta.checksum_type = "FULL_OBJECT";
}

std::string stored_content_encoding(std::string_view value) {
  // S3 returns Content-Encoding exactly as sent ("deflate, gzip" keeps its space); only the
  // aws-chunked token, which describes the transfer rather than the object, is removed.
  const auto items = split_header_list(value);
  const bool chunked = std::any_of(items.begin(), items.end(), [](std::string_view item) {
    return core::iequals(item, "aws-chunked");
  });
  if (!chunked) return std::string(value);
  std::string out;
  for (std::string_view item : items) {
    if (core::iequals(item, "aws-chunked")) continue;
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace s3sandbox::app
