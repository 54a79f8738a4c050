#include "upload_integrity.hpp"

#include "header_list.hpp"
#include "payload_check.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::app {
namespace {

using crypto::ChecksumAlgorithm;

constexpr std::string_view kChecksumPrefix = "x-amz-checksum-";

core::S3Error invalid_checksum_value(std::string_view name) {
  return core::S3Error(core::ErrorCode::kInvalidRequest,
                       "Value for " + std::string(name) + " header is invalid.")
      .because(std::string(name) + " must be the base64 of the " +
               "checksum's raw bytes (e.g. 8 characters for CRC32)");
}

core::S3Error multiple_checksums() {
  return core::S3Error(core::ErrorCode::kInvalidRequest,
                       "Expecting a single x-amz-checksum- header. Multiple checksum Types are "
                       "not allowed.")
      .because("send one x-amz-checksum-* value (header, trailer or presigned query), not several");
}

// x-amz-checksum-mode / -type / -algorithm are not checksum values.
std::optional<ChecksumAlgorithm> value_algorithm(std::string_view lower_name) {
  if (lower_name.rfind(kChecksumPrefix, 0) != 0) return std::nullopt;
  return crypto::checksum_from_header(lower_name);
}

// Adds one checksum value to the plan, refusing a second algorithm.
core::Result<void> add_promise(IntegrityPlan& plan, ChecksumAlgorithm a, std::string value,
                               ChecksumSource source) {
  std::string_view name = crypto::checksum_header(a);
  if (source != ChecksumSource::kTrailer && !crypto::is_valid_checksum_value(a, value))
    return invalid_checksum_value(name);
  if (plan.checksum) {
    // The same value twice (header and query of one presigned request) is one promise.
    if (plan.checksum->algorithm == a && plan.checksum->value == value) return {};
    return multiple_checksums();
  }
  plan.checksum = ChecksumPromise{a, std::move(value), source};
  return {};
}

core::Result<void> read_trailer_header(const ExchangeState& x, IntegrityPlan& plan) {
  auto trailer = x.request.header_joined("x-amz-trailer");
  if (!trailer) return {};
  bool carries_trailer = x.auth.payload == auth::PayloadMode::kStreamingSignedTrailer ||
                         x.auth.payload == auth::PayloadMode::kStreamingUnsignedTrailer;
  if (!carries_trailer) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The value specified in the x-amz-trailer header is not supported")
        .because(
            "x-amz-trailer needs an aws-chunked body with trailers: x-amz-content-sha256 "
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER or STREAMING-AWS4-HMAC-SHA256-PAYLOAD-"
            "TRAILER");
  }
  for (std::string_view item : split_header_list(*trailer)) {
    std::string name = core::to_lower(item);
    auto a = value_algorithm(name);
    if (!a) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "The value specified in the x-amz-trailer header is not supported")
          .because("x-amz-trailer names '" + name +
                   "'; S3 accepts only an x-amz-checksum-* trailer");
    }
    plan.declared_trailers.push_back(name);
    if (auto r = add_promise(plan, *a, "", ChecksumSource::kTrailer); !r) return r.error();
  }
  return {};
}

core::Result<void> read_sdk_algorithm(const ExchangeState& x, IntegrityPlan& plan) {
  std::optional<std::string> sdk;
  if (auto h = x.request.header("x-amz-sdk-checksum-algorithm")) sdk = std::string(*h);
  if (!sdk && x.auth.scheme == "sigv4-query") {
    for (const router::QueryParam& p : x.op.query)
      if (core::iequals(p.name, "x-amz-sdk-checksum-algorithm")) sdk = p.value;
  }
  if (!sdk) return {};
  auto a = crypto::parse_checksum_name(*sdk);
  if (!a) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "Value for x-amz-sdk-checksum-algorithm header is invalid.")
        .because("'" + *sdk + "' is not one of CRC32, CRC32C, CRC64NVME, SHA1, SHA256");
  }
  if (!plan.checksum) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "x-amz-sdk-checksum-algorithm specified, but no corresponding "
                         "x-amz-checksum-* or x-amz-trailer headers were found.")
        .because("x-amz-sdk-checksum-algorithm: " + *sdk + " promises an " +
                 std::string(crypto::checksum_header(*a)) + " value that was not sent");
  }
  if (plan.checksum->algorithm != *a) {
    return core::S3Error(core::ErrorCode::kBadDigest)
        .because("x-amz-sdk-checksum-algorithm says " + *sdk + " but the checksum sent is " +
                 std::string(crypto::checksum_name(plan.checksum->algorithm)));
  }
  return {};
}

std::string source_words(ChecksumSource s) {
  switch (s) {
    case ChecksumSource::kHeader:
      return "header";
    case ChecksumSource::kQuery:
      return "presigned URL";
    case ChecksumSource::kTrailer:
      return "aws-chunked trailer";
  }
  return "request";
}

core::S3Error checksum_mismatch(const ChecksumPromise& p, const std::string& computed) {
  std::string name(crypto::checksum_name(p.algorithm));
  core::S3Error e(core::ErrorCode::kBadDigest,
                  "The " + name + " you specified did not match the calculated checksum.");
  std::string why = "the " + source_words(p.source) + " promised " +
                    std::string(crypto::checksum_header(p.algorithm)) + "=" + p.value +
                    " but the body received has " + name + " " + computed;
  std::string empty = crypto::checksum_base64(p.algorithm, "");
  if (p.source == ChecksumSource::kQuery && p.value == empty) {
    why +=
        ". The URL was presigned with the checksum of an EMPTY body: aws-sdk-js v3 >= 3.729 "
        "does this when presigning PutObject/UploadPart without a Body. S3 refuses such "
        "uploads too. Presign with requestChecksumCalculation: 'WHEN_REQUIRED' on the "
        "S3Client, or pass the real Checksum" +
        name + " of the file";
  } else if (p.source == ChecksumSource::kQuery) {
    why += ": the file uploaded is not the one whose checksum was signed into the URL";
  }
  return std::move(e).because(why);
}

}  // namespace

core::Result<IntegrityPlan> plan_integrity(const ExchangeState& x) {
  IntegrityPlan plan;
  if (auto md5 = x.request.header("content-md5")) {
    auto raw = crypto::base64_decode(*md5);
    if (!raw || raw->size() != 16) {
      return core::S3Error(core::ErrorCode::kInvalidDigest)
          .with("Content-MD5", std::string(*md5))
          .because("Content-MD5 must be the base64 of the body's 16-byte MD5 digest");
    }
    plan.content_md5 = std::string(*md5);
  }
  for (const core::Header& h : x.request.headers) {
    std::string name = core::to_lower(h.name);
    if (auto a = value_algorithm(name)) {
      if (auto r = add_promise(plan, *a, h.value, ChecksumSource::kHeader); !r) return r.error();
    } else if (name.rfind(kChecksumPrefix, 0) == 0 && name != "x-amz-checksum-mode" &&
               name != "x-amz-checksum-type" && name != "x-amz-checksum-algorithm") {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "Value for x-amz-checksum-* header is invalid.")
          .because("'" + name + "' names no checksum algorithm S3 supports");
    }
  }
  // Query parameters of a SigV4 presigned URL are signed like headers (SigV2 URLs support only
  // Content-MD5, per the S3 User Guide).
  if (x.auth.scheme == "sigv4-query") {
    for (const router::QueryParam& p : x.op.query) {
      if (auto a = value_algorithm(core::to_lower(p.name))) {
        auto r = add_promise(plan, *a, std::string(p.value), ChecksumSource::kQuery);
        if (!r) return r.error();
      }
    }
  }
  if (auto r = read_trailer_header(x, plan); !r) return r.error();
  if (auto r = read_sdk_algorithm(x, plan); !r) return r.error();
  if (plan.checksum) plan.stored = plan.checksum->algorithm;
  return plan;
}

UploadHasher::UploadHasher(IntegrityPlan plan, bool sha256_signed)
    : plan_(std::move(plan)), checksum_(plan_.stored) {
  if (sha256_signed) sha256_.emplace(crypto::DigestKind::kSha256);
  if (plan_.also && *plan_.also != plan_.stored) also_.emplace(*plan_.also);
}

void UploadHasher::update(std::span<const char> bytes) {
  checksum_.update(bytes);
  if (also_) also_->update(bytes);
  if (sha256_) sha256_->update(bytes);
}

core::Result<VerifiedIntegrity> UploadHasher::verify(
    std::string md5_hex, const std::vector<auth::TrailerField>& trailers,
    const auth::AuthResult& auth) {
  if (sha256_) {
    auto signed_payload = check_signed_payload(auth, crypto::hex_encode(sha256_->finish()));
    if (!signed_payload) return signed_payload.error();
  }
  if (plan_.content_md5) {
    std::string computed = crypto::base64_encode(*crypto::hex_decode(md5_hex));
    if (computed != *plan_.content_md5) {
      return core::S3Error(core::ErrorCode::kBadDigest)
          .with("ExpectedDigest", *plan_.content_md5)
          .with("CalculatedDigest", computed)
          .because("Content-MD5 says " + *plan_.content_md5 + " but the body's MD5 is " + computed);
    }
  }
  VerifiedIntegrity out;
  out.md5_hex = std::move(md5_hex);
  out.checksum_name = std::string(crypto::checksum_name(plan_.stored));
  out.checksum_base64 = checksum_.finish_base64();
  out.all[out.checksum_name] = out.checksum_base64;
  if (also_)
    out.all[std::string(crypto::checksum_name(also_->algorithm()))] = also_->finish_base64();
  if (!plan_.checksum) return out;

  ChecksumPromise promise = *plan_.checksum;
  if (promise.source == ChecksumSource::kTrailer) {
    std::string_view wanted = crypto::checksum_header(promise.algorithm);
    const auth::TrailerField* found = nullptr;
    for (const auth::TrailerField& t : trailers)
      if (t.name == wanted) found = &t;
    if (found == nullptr) {
      return core::S3Error(core::ErrorCode::kMalformedTrailerError)
          .because("x-amz-trailer announced " + std::string(wanted) +
                   " but the aws-chunked trailer did not carry it");
    }
    if (!crypto::is_valid_checksum_value(promise.algorithm, found->value))
      return invalid_checksum_value(wanted);
    promise.value = found->value;
  }
  if (!crypto::constant_time_equal(promise.value, out.checksum_base64))
    return checksum_mismatch(promise, out.checksum_base64);
  return out;
}

void add_checksum_headers(const std::map<std::string, std::string>& checksums,
                          const std::string& checksum_type, core::Response& r) {
  for (const auto& [name, value] : checksums) {
    auto a = crypto::parse_checksum_name(name);
    if (!a) continue;
    r.set_header(std::string(crypto::checksum_header(*a)), value);
  }
  if (!checksums.empty() && !checksum_type.empty())
    r.set_header("x-amz-checksum-type", checksum_type);
}

}  // namespace s3sandbox::app
