#include "multipart_common.hpp"

#include <charconv>

namespace s3sandbox::app {

core::Result<storage::MultipartUpload> find_upload(const ExchangeState& x) {
  const router::QueryParam* id = x.op.param("uploadId");
  std::string upload_id = id != nullptr ? std::string(id->value) : std::string();
  auto upload = x.services.backend.get_upload(x.op.bucket, x.op.key, upload_id);
  if (!upload) {
    core::S3Error e = upload.error();
    if (e.code == core::ErrorCode::kNoSuchUpload) {
      e.with("UploadId", upload_id);
      return std::move(e).because("no multipart upload " + upload_id + " is in progress for " +
                                  x.op.bucket + "/" + x.op.key +
                                  ": it was completed, aborted, or created for another key");
    }
    if (e.code == core::ErrorCode::kNoSuchBucket) e.with("BucketName", x.op.bucket);
    return e;
  }
  return upload;
}

core::Result<int> read_part_number(const ExchangeState& x) {
  const router::QueryParam* p = x.op.param("partNumber");
  std::string value = p != nullptr ? std::string(p->value) : std::string();
  int n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (p == nullptr || ec != std::errc() || ptr != value.data() + value.size() || n < 1 ||
      n > 10000) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Part number must be an integer between 1 and 10000, inclusive")
        .with("ArgumentName", "partNumber")
        .with("ArgumentValue", value);
  }
  return n;
}

std::optional<crypto::ChecksumAlgorithm> upload_algorithm(const storage::MultipartUpload& u) {
  if (u.checksum_algorithm.empty()) return std::nullopt;
  return crypto::parse_checksum_name(u.checksum_algorithm);
}

}  // namespace s3sandbox::app
