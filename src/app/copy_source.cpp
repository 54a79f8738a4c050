#include "copy_source.hpp"

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "conditions.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

core::S3Error bad_copy_source(std::string_view value) {
  return core::S3Error(core::ErrorCode::kInvalidArgument,
                       "Copy Source must mention the source bucket and key: "
                       "sourcebucket/sourcekey")
      .with("ArgumentName", "x-amz-copy-source")
      .with("ArgumentValue", std::string(value));
}

}  // namespace

core::Result<CopySource> parse_copy_source(std::string_view value) {
  std::string_view raw = value;
  std::optional<std::string> version_id;
  if (auto q = raw.find('?'); q != std::string_view::npos) {
    std::string_view version = raw.substr(q + 1);
    if (version.substr(0, 10) == "versionId=") {
      std::string id(version.substr(10));
      if (!is_valid_version_id(id)) {
        return core::S3Error(core::ErrorCode::kInvalidArgument, "Invalid version id specified")
            .with("ArgumentName", "x-amz-copy-source")
            .with("ArgumentValue", std::string(value))
            .because("the copy source's versionId '" + id +
                     "' is not a version id of this server ('null' or 32 hex characters)");
      }
      version_id = std::move(id);
    }
    raw = raw.substr(0, q);
  }
  auto decoded = core::percent_decode(raw);
  if (!decoded) return bad_copy_source(value);
  std::string_view s = *decoded;
  if (!s.empty() && s.front() == '/') s.remove_prefix(1);
  auto slash = s.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == s.size()) {
    return bad_copy_source(value);
  }
  return CopySource{std::string(s.substr(0, slash)), std::string(s.substr(slash + 1)),
                    std::move(version_id)};
}

core::Result<storage::ObjectReader> open_copy_source(const core::RequestView& request,
                                                     storage::Backend& backend,
                                                     const CopySource& source) {
  auto reader = source.version_id
                    ? backend.open_object_version(source.bucket, source.key, *source.version_id)
                    : backend.open_object(source.bucket, source.key);
  if (!reader) {
    core::S3Error e = reader.error();
    if (e.code == core::ErrorCode::kNoSuchKey) e.with("Key", source.key);
    if (e.code == core::ErrorCode::kNoSuchBucket) e.with("BucketName", source.bucket);
    if (e.code == core::ErrorCode::kNoSuchVersion) return e;
    e.headers.clear();  // a latest delete marker's headers are the source's, not the answer's
    return std::move(e).because("the copy source " + source.bucket + "/" + source.key +
                                " does not exist");
  }
  const storage::ObjectMeta& src = reader->meta;
  if (src.delete_marker) {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The source of a copy request may not specifically refer to a delete "
                         "marker by version id.")
        .because("version " + *source.version_id + " of " + source.bucket + "/" + source.key +
                 " is a delete marker; copy an object version instead");
  }
  if (evaluate_conditions(copy_source_conditions(request), src.etag, src.last_modified) !=
      ConditionOutcome::kProceed) {
    return core::S3Error(core::ErrorCode::kPreconditionFailed)
        .with("Condition", "x-amz-copy-source-If-*")
        .because("the copy source's ETag is \"" + src.etag + "\"");
  }
  return reader;
}

core::Result<std::string> copy_range(const storage::ObjectReader& source, std::uint64_t offset,
                                     std::uint64_t length, storage::StagedWrite& out,
                                     crypto::Checksummer* checksum) {
  crypto::Digest md5(crypto::DigestKind::kMd5);
  if (source.bytes) {  // a small body in memory: no buffer, no reads
    if (offset > source.bytes->size() || length > source.bytes->size() - offset) {
      core::log_error("copy: the copy source is shorter than its metadata says");
      return core::S3Error(core::ErrorCode::kInternalError);
    }
    std::span<const char> bytes(source.bytes->data() + offset, static_cast<std::size_t>(length));
    md5.update(bytes);
    if (checksum != nullptr) checksum->update(bytes);
    if (auto w = out.write(bytes); !w) return w.error();
    return crypto::hex_encode(md5.finish());
  }
  std::vector<char> buffer(256 * 1024);
  std::uint64_t done = 0;
  while (done < length) {
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - done));
    ssize_t n = source.read_at(buffer.data(), want, offset + done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      core::log_error("copy: reading the copy source failed");
      return core::S3Error(core::ErrorCode::kInternalError);
    }
    std::span<const char> bytes(buffer.data(), static_cast<std::size_t>(n));
    md5.update(bytes);
    if (checksum != nullptr) checksum->update(bytes);
    if (auto w = out.write(bytes); !w) return w.error();
    done += static_cast<std::uint64_t>(n);
  }
  return crypto::hex_encode(md5.finish());
}

}  // namespace s3sandbox::app
