// CopyObject: reads the source through an open descriptor and streams it into a staged write
// for the destination (fixed buffer), with S3's copy-source conditions and metadata directive.
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "conditions.hpp"
#include "handlers.hpp"
#include "object_headers.hpp"
#include "respond.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/router/router.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {
namespace {

struct CopySource {
  std::string bucket;
  std::string key;
};

core::S3Error bad_copy_source(std::string_view value) {
  return core::S3Error(core::ErrorCode::kInvalidArgument,
                       "Copy Source must mention the source bucket and key: "
                       "sourcebucket/sourcekey")
      .with("ArgumentName", "x-amz-copy-source")
      .with("ArgumentValue", std::string(value));
}

// "/bucket/key", "bucket/key", URL-encoded, optionally with "?versionId=...".
core::Result<CopySource> parse_copy_source(std::string_view value) {
  std::string_view raw = value;
  if (auto q = raw.find('?'); q != std::string_view::npos) {
    std::string_view version = raw.substr(q + 1);
    if (version.substr(0, 10) == "versionId=" && version.substr(10) != "null") {
      return core::S3Error(core::ErrorCode::kNoSuchVersion)
          .because("s3sandbox keeps no object versions; only versionId=null exists");
    }
    raw = raw.substr(0, q);
  }
  auto decoded = router::percent_decode(raw, false);
  if (!decoded) return bad_copy_source(value);
  std::string_view s = *decoded;
  if (!s.empty() && s.front() == '/') s.remove_prefix(1);
  auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) {
    return bad_copy_source(value);
  }
  return CopySource{std::string(s.substr(0, slash)), std::string(s.substr(slash + 1))};
}

core::Result<void> copy_bytes(int fd, std::uint64_t size, storage::StagedWrite& out) {
  std::vector<char> buffer(256 * 1024);
  std::uint64_t offset = 0;
  while (offset < size) {
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - offset));
    ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      core::log_error("CopyObject: reading the source failed");
      return core::S3Error(core::ErrorCode::kInternalError);
    }
    if (auto w = out.write(std::span<const char>(buffer.data(), static_cast<std::size_t>(n))); !w) {
      return w.error();
    }
    offset += static_cast<std::uint64_t>(n);
  }
  return {};
}

}  // namespace

Started copy_object(ExchangeState& x) {
  std::string_view source_header = *x.request.header("x-amz-copy-source");
  auto source = parse_copy_source(source_header);
  if (!source) return answer(source.error());

  std::string directive = "COPY";
  if (auto d = x.request.header("x-amz-metadata-directive")) directive = std::string(*d);
  if (directive != "COPY" && directive != "REPLACE") {
    return answer(core::S3Error(core::ErrorCode::kInvalidArgument, "Unknown metadata directive.")
                      .with("ArgumentName", "x-amz-metadata-directive")
                      .with("ArgumentValue", directive));
  }
  if (source->bucket == x.op.bucket && source->key == x.op.key && directive == "COPY" &&
      !x.request.has_header("x-amz-storage-class")) {
    return answer(core::S3Error(core::ErrorCode::kInvalidRequest,
                                "This copy request is illegal because it is trying to copy an "
                                "object to itself without changing the object's metadata, "
                                "storage class, website redirect location or encryption "
                                "attributes.")
                      .because("copying a key onto itself needs x-amz-metadata-directive: "
                               "REPLACE"));
  }

  auto reader = x.services.backend.open_object(source->bucket, source->key);
  if (!reader) {
    core::S3Error e = reader.error();
    if (e.code == core::ErrorCode::kNoSuchKey) e.with("Key", source->key);
    if (e.code == core::ErrorCode::kNoSuchBucket) e.with("BucketName", source->bucket);
    return answer(std::move(e).because("the copy source " + source->bucket + "/" + source->key +
                                       " does not exist"));
  }
  const storage::ObjectMeta& src = reader->meta;
  if (evaluate_conditions(copy_source_conditions(x.request), src.etag, src.last_modified) !=
      ConditionOutcome::kProceed) {
    // S3 answers 412 for every failed copy-source condition, including if-none-match.
    return answer(core::S3Error(core::ErrorCode::kPreconditionFailed)
                      .with("Condition", "x-amz-copy-source-If-*")
                      .because("the copy source's ETag is \"" + src.etag + "\""));
  }

  storage::ObjectMeta meta;
  meta.bucket = x.op.bucket;
  meta.key = x.op.key;
  // The storage class comes from the request (STANDARD when absent) in both directives, as S3
  // documents for CopyObject; content headers and metadata are copied unless REPLACE.
  if (auto r = read_object_headers(x.request, meta); !r) return answer(r.error());
  if (directive == "COPY") {
    meta.content = src.content;
    meta.user_metadata = src.user_metadata;
  }

  auto staged = x.services.backend.stage(x.op.bucket);
  if (!staged) return answer(staged.error().with("BucketName", x.op.bucket));
  if (auto c = copy_bytes(reader->fd.get(), src.size, **staged); !c) return answer(c.error());
  meta.etag = (*staged)->md5_hex();
  auto committed = x.services.backend.commit_object(std::move(*staged), std::move(meta), {});
  if (!committed) return answer(committed.error());
  return answer(
      xml_response(xml::render_copy_object_result(committed->etag, committed->last_modified)));
}

}  // namespace s3sandbox::app
