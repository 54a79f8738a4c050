// CreateMultipartUpload: fixes the final object's content headers, metadata, storage class and
// checksum (x-amz-checksum-algorithm, x-amz-checksum-type) and returns an upload id.
#include "encryption.hpp"
#include "encryption_context.hpp"
#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "listing_owners.hpp"
#include "object_acl.hpp"
#include "object_headers.hpp"
#include "object_tagging.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/checksum.hpp"
#include "upload_body.hpp"
#include "website_redirect.hpp"

namespace s3sandbox::app {
namespace {

core::S3Error unsupported_algorithm(std::string_view value) {
  return core::S3Error(core::ErrorCode::kInvalidRequest,
                       "Checksum algorithm provided is unsupported. Please try again with any of "
                       "the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
      .because("x-amz-checksum-algorithm: " + std::string(value) + " is not an S3 algorithm");
}

// S3's rules: SHA checksums exist only as COMPOSITE, CRC64NVME only as FULL_OBJECT, CRC32 and
// CRC32C as either (COMPOSITE by default). An upload that names no algorithm gets S3's default
// full-object CRC64NVME at completion.
core::Result<void> read_checksum_settings(const core::RequestView& req,
                                          storage::MultipartUpload& upload) {
  auto algorithm_header = req.header("x-amz-checksum-algorithm");
  auto type_header = req.header("x-amz-checksum-type");
  if (!algorithm_header) {
    if (type_header) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "The x-amz-checksum-type header can only be used with the "
                           "x-amz-checksum-algorithm header.")
          .because("name the algorithm (x-amz-checksum-algorithm) the type applies to");
    }
    return {};
  }
  auto a = crypto::parse_checksum_name(*algorithm_header);
  if (!a) return unsupported_algorithm(*algorithm_header);
  std::string type = type_header                                   ? std::string(*type_header)
                     : *a == crypto::ChecksumAlgorithm::kCrc64Nvme ? "FULL_OBJECT"
                                                                   : "COMPOSITE";
  if (type != "COMPOSITE" && type != "FULL_OBJECT") {
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "Value for x-amz-checksum-type header is invalid.")
        .because("x-amz-checksum-type is COMPOSITE or FULL_OBJECT");
  }
  bool full_ok = crypto::is_crc(*a);
  bool composite_ok = *a != crypto::ChecksumAlgorithm::kCrc64Nvme;
  if ((type == "FULL_OBJECT" && !full_ok) || (type == "COMPOSITE" && !composite_ok)) {
    std::string name(crypto::checksum_name(*a));
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "The " + type + " checksum type cannot be used with the " + name +
                             " checksum algorithm.")
        .because("SHA1/SHA256 combine only as COMPOSITE and CRC64NVME only as FULL_OBJECT");
  }
  upload.checksum_algorithm = std::string(crypto::checksum_name(*a));
  upload.meta.checksum_type = type;
  return {};
}

}  // namespace

Started create_multipart_upload(ExchangeState& x) {
  storage::MultipartUpload upload;
  upload.bucket = x.op.bucket;
  upload.key = x.op.key;
  upload.meta.bucket = x.op.bucket;
  upload.meta.key = x.op.key;
  if (auto r = read_object_headers(x.request, upload.meta); !r) return answer(r.error());
  if (auto r = read_request_tags(x, upload.meta); !r) return answer(r.error());
  if (auto r = apply_write_acl(x.services, x.op.bucket, x.auth.access_key, x.request, upload.meta);
      !r) {
    return answer(r.error());
  }
  upload.meta.content.content_encoding =
      stored_content_encoding(upload.meta.content.content_encoding);
  if (auto r = read_checksum_settings(x.request, upload); !r) return answer(r.error());
  if (auto r = read_website_redirect(x.request, upload.meta); !r) return answer(r.error());
  if (auto r = read_write_encryption(x, upload.meta); !r) return answer(r.error());
  // ListParts and ListMultipartUploads name the initiator whatever the Object Ownership.
  if (!x.auth.access_key.empty()) upload.meta.settings[kInitiatorSetting] = x.auth.access_key;

  auto created = x.services.backend.create_upload(std::move(upload));
  if (!created) return answer(created.error().with("BucketName", x.op.bucket));
  core::Response r = xml_response(
      xml::render_initiate_multipart_upload(x.op.bucket, x.op.key, created->upload_id));
  if (!created->checksum_algorithm.empty()) {
    r.set_header("x-amz-checksum-algorithm", created->checksum_algorithm);
    r.set_header("x-amz-checksum-type", created->meta.checksum_type);
  }
  add_encryption_headers(created->meta, r);
  add_encryption_context_header(created->meta, r);
  add_abort_headers(x, created->key, created->initiated, r);
  return answer(std::move(r));
}

}  // namespace s3sandbox::app
