#include "copy_source.hpp"

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "conditions.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

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
  if (auto q = raw.find('?'); q != std::string_view::npos) {
    std::string_view version = raw.substr(q + 1);
    if (version.substr(0, 10) == "versionId=" && version.substr(10) != "null") {
      return core::S3Error(core::ErrorCode::kNoSuchVersion)
          .because("s3sandbox keeps no object versions; only versionId=null exists");
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
  return CopySource{std::string(s.substr(0, slash)), std::string(s.substr(slash + 1))};
}

core::Result<storage::ObjectReader> open_copy_source(const core::RequestView& request,
                                                     storage::Backend& backend,
                                                     const CopySource& source) {
  auto reader = backend.open_object(source.bucket, source.key);
  if (!reader) {
    core::S3Error e = reader.error();
    if (e.code == core::ErrorCode::kNoSuchKey) e.with("Key", source.key);
    if (e.code == core::ErrorCode::kNoSuchBucket) e.with("BucketName", source.bucket);
    return std::move(e).because("the copy source " + source.bucket + "/" + source.key +
                                " does not exist");
  }
  const storage::ObjectMeta& src = reader->meta;
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
