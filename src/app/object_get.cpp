// GetObject and HeadObject: conditional requests, a single byte range or a part number, and the
// response-* overrides; the body is an open file range streamed by the HTTP layer.
#include <charconv>

#include "conditions.hpp"
#include "encryption.hpp"
#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "object_headers.hpp"
#include "range.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "upload_integrity.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

// response-* query parameters override the stored header of the same name in the response.
constexpr std::pair<std::string_view, std::string_view> kOverrides[] = {
    {"response-content-type", "Content-Type"},
    {"response-content-language", "Content-Language"},
    {"response-expires", "Expires"},
    {"response-cache-control", "Cache-Control"},
    {"response-content-disposition", "Content-Disposition"},
    {"response-content-encoding", "Content-Encoding"},
};

core::Result<void> apply_overrides(const ExchangeState& x, core::Response& r) {
  for (const auto& [param, header] : kOverrides) {
    const router::QueryParam* p = x.op.param(param);
    if (p == nullptr) continue;
    if (x.auth.access_key.empty()) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "Request specific response headers cannot be used for anonymous GET "
                           "requests.");
    }
    r.set_header(std::string(header), std::string(p->value));
  }
  return {};
}

// The byte range of part `n` of an object: multipart objects keep their part sizes; any other
// object is a single part.
core::Result<ByteRange> part_range(const storage::ObjectMeta& meta, int n) {
  if (meta.part_sizes.empty()) {
    if (n != 1)
      return core::S3Error(core::ErrorCode::kInvalidPartNumber)
          .with("PartNumberRequested", std::to_string(n))
          .with("ActualPartCount", "1");
    return ByteRange{0, meta.size};
  }
  if (n > static_cast<int>(meta.part_sizes.size())) {
    return core::S3Error(core::ErrorCode::kInvalidPartNumber)
        .with("PartNumberRequested", std::to_string(n))
        .with("ActualPartCount", std::to_string(meta.part_sizes.size()));
  }
  std::uint64_t first = 0;
  for (int i = 0; i < n - 1; ++i) first += meta.part_sizes[i];
  return ByteRange{first, meta.part_sizes[n - 1]};
}

core::Result<std::optional<int>> part_number(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("partNumber");
  if (p == nullptr) return std::optional<int>();
  int n = 0;
  auto [ptr, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), n);
  if (ec != std::errc() || ptr != p->value.data() + p->value.size() || n < 1 || n > 10000) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Part number must be an integer between 1 and 10000, inclusive")
        .with("ArgumentName", "partNumber")
        .with("ArgumentValue", std::string(p->value));
  }
  return std::optional<int>(n);
}

Started serve_object(ExchangeState& x, bool head) {
  auto part = part_number(x);
  if (!part) return answer(part.error());
  auto range_header = x.request.header("range");
  if (*part && range_header) {
    return answer(core::S3Error(core::ErrorCode::kInvalidRequest,
                                "Cannot specify both Range header and partNumber query "
                                "parameter"));
  }

  auto version = requested_version(x);
  if (!version) return answer(version.error());
  auto reader = *version ? x.services.backend.open_object_version(x.op.bucket, x.op.key, **version)
                         : x.services.backend.open_object(x.op.bucket, x.op.key);
  if (!reader) {
    core::S3Error e = reader.error();
    if (e.code == core::ErrorCode::kNoSuchKey) e.with("Key", x.op.key);
    if (e.code == core::ErrorCode::kNoSuchBucket) e.with("BucketName", x.op.bucket);
    return answer(std::move(e));
  }
  const storage::ObjectMeta& meta = reader->meta;
  if (meta.delete_marker) {
    core::S3Error e = delete_marker_not_allowed(meta);
    if (head) e.fields.front().second = "HEAD";
    return answer(std::move(e));
  }
  // The bucket's status decides whether a null version's id is shown (cached: no SQLite read).
  auto versioning = bucket_versioning(x, x.op.bucket);
  if (!versioning) return answer(versioning.error());
  if (auto sse = check_read_encryption(x, meta); !sse) return answer(sse.error());
  auto expiration = expiration_on_read(x, meta);  // NoSuchKey once a rule expired it
  if (!expiration) return answer(expiration.error());

  core::Response r;
  switch (evaluate_conditions(get_conditions(x.request), meta.etag, meta.last_modified)) {
    case ConditionOutcome::kPreconditionFailed:
      return answer(core::S3Error(core::ErrorCode::kPreconditionFailed)
                        .with("Condition",
                              x.request.has_header("if-match") ? "If-Match" : "If-Unmodified-Since")
                        .because("the object's ETag is \"" + meta.etag +
                                 "\" and it was last modified " +
                                 core::format_http_date(meta.last_modified)));
    case ConditionOutcome::kNotModified:
      r.status = 304;
      r.set_header("ETag", quote_etag(meta.etag));
      r.set_header("Last-Modified", core::format_http_date(meta.last_modified));
      return answer(std::move(r));
    case ConditionOutcome::kProceed:
      break;
  }

  std::optional<ByteRange> range;
  if (*part) {
    auto pr = part_range(meta, **part);
    if (!pr) return answer(pr.error());
    range = *pr;
    r.set_header("x-amz-mp-parts-count",
                 std::to_string(meta.part_sizes.empty() ? 1 : meta.part_sizes.size()));
  } else if (range_header) {
    auto parsed = parse_range(*range_header, meta.size);
    if (!parsed) return answer(parsed.error());
    range = *parsed;
  }

  write_object_headers(meta, r);
  if (!expiration->empty()) r.set_header("x-amz-expiration", *expiration);
  add_version_header(meta, *versioning, r);
  // Checksums describe the whole object: S3 returns them only when asked and when the answer is
  // the whole object (not a byte range or one part of several).
  bool whole = !range_header && (!*part || meta.part_sizes.size() <= 1);
  auto mode = x.request.header("x-amz-checksum-mode");
  if (whole && mode && core::iequals(*mode, "ENABLED"))
    add_checksum_headers(meta.checksums, meta.checksum_type, r);
  if (auto o = apply_overrides(x, r); !o) return answer(o.error());
  std::uint64_t first = 0, length = meta.size;
  if (range && range->length > 0) {
    first = range->first;
    length = range->length;
    r.status = 206;
    r.set_header("Content-Range", "bytes " + std::to_string(first) + "-" +
                                      std::to_string(first + length - 1) + "/" +
                                      std::to_string(meta.size));
  }
  if (head) {
    r.content_length = length;
  } else if (reader->bytes) {
    // A small body kept in memory by the backend: sent with the header in one write.
    r.body =
        reader->bytes->substr(static_cast<std::size_t>(first), static_cast<std::size_t>(length));
  } else {
    r.file = core::FileRange{std::move(reader->fd), first, length};
  }
  return answer(std::move(r));
}

}  // namespace

Started get_object(ExchangeState& x) { return serve_object(x, false); }
Started head_object(ExchangeState& x) { return serve_object(x, true); }

}  // namespace s3sandbox::app
