// CopyObject: reads the source through an open descriptor and streams it into a staged write
// for the destination (fixed buffer), with S3's copy-source conditions and metadata directive.
#include "authorize.hpp"
#include "copy_source.hpp"
#include "encryption.hpp"
#include "encryption_context.hpp"
#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "object_acl.hpp"
#include "object_events.hpp"
#include "object_headers.hpp"
#include "object_tagging.hpp"
#include "respond.hpp"
#include "s3sandbox/xml/render.hpp"
#include "upload_integrity.hpp"
#include "versioning.hpp"
#include "website_redirect.hpp"

namespace s3sandbox::app {
namespace {

// The copy's checksum: x-amz-checksum-algorithm when given, else the source's full-object
// algorithm, else S3's default CRC64NVME. It is computed over the bytes copied, as S3 "calculates
// the checksum on the source object and moves it to the destination".
core::Result<crypto::ChecksumAlgorithm> copy_checksum_algorithm(const core::RequestView& req,
                                                                const storage::ObjectMeta& src) {
  if (auto h = req.header("x-amz-checksum-algorithm")) {
    auto a = crypto::parse_checksum_name(*h);
    if (!a) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "Checksum algorithm provided is unsupported. Please try again with "
                           "any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
          .because("x-amz-checksum-algorithm: " + std::string(*h) + " is not an S3 algorithm");
    }
    return *a;
  }
  if (src.checksum_type == "FULL_OBJECT" && src.checksums.size() == 1) {
    if (auto a = crypto::parse_checksum_name(src.checksums.begin()->first)) return *a;
  }
  return crypto::ChecksumAlgorithm::kCrc64Nvme;
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
  const bool changes_encryption =
      x.request.has_header("x-amz-server-side-encryption") ||
      x.request.has_header("x-amz-server-side-encryption-customer-algorithm") ||
      x.request.has_header("x-amz-website-redirect-location");
  if (source->bucket == x.op.bucket && source->key == x.op.key && !source->version_id &&
      directive == "COPY" && !x.request.has_header("x-amz-storage-class") && !changes_encryption) {
    return answer(core::S3Error(core::ErrorCode::kInvalidRequest,
                                "This copy request is illegal because it is trying to copy an "
                                "object to itself without changing the object's metadata, "
                                "storage class, website redirect location or encryption "
                                "attributes.")
                      .because("copying a key onto itself needs x-amz-metadata-directive: "
                               "REPLACE"));
  }

  // The requester must be allowed to read the source too (s3:GetObject on it).
  if (auto allowed = authorize_copy_source(x, source->bucket, source->key, source->version_id);
      !allowed) {
    return answer(allowed.error());
  }
  auto reader = open_copy_source(x.request, x.services.backend, *source);
  if (!reader) return answer(reader.error());
  const storage::ObjectMeta& src = reader->meta;
  const std::string src_version = src.version_id;
  if (auto r = check_read_encryption(x, src, true); !r) return answer(r.error());

  storage::ObjectMeta meta;
  meta.bucket = x.op.bucket;
  meta.key = x.op.key;
  // The storage class comes from the request (STANDARD when absent) in both directives, as S3
  // documents for CopyObject; content headers and metadata are copied unless REPLACE.
  if (auto r = read_object_headers(x.request, meta); !r) return answer(r.error());
  if (directive == "COPY") {
    meta.content = src.content;
    meta.user_metadata = src.user_metadata;
    if (auto it = src.settings.find(kWebsiteRedirectSetting); it != src.settings.end()) {
      meta.settings[kWebsiteRedirectSetting] = it->second;
    }
  }
  if (auto r = read_website_redirect(x.request, meta); !r) return answer(r.error());
  // The copy is encrypted as the request (or the bucket's default) says, not as the source was.
  if (auto r = read_write_encryption(x, meta); !r) return answer(r.error());
  // Tags follow their own directive: COPY (the default) keeps the source's, REPLACE takes
  // x-amz-tagging (none when absent).
  std::string tagging_directive = "COPY";
  if (auto d = x.request.header("x-amz-tagging-directive")) tagging_directive = std::string(*d);
  if (tagging_directive == "COPY") {
    meta.tags = src.tags;
  } else if (tagging_directive == "REPLACE") {
    if (auto r = read_request_tags(x, meta); !r) return answer(r.error());
  } else {
    return answer(core::S3Error(core::ErrorCode::kInvalidArgument, "Unknown tagging directive.")
                      .with("ArgumentName", "x-amz-tagging-directive")
                      .with("ArgumentValue", tagging_directive));
  }

  if (auto r = apply_write_acl(x.services, x.op.bucket, x.auth.access_key, x.request, meta); !r) {
    return answer(r.error());
  }

  auto algorithm = copy_checksum_algorithm(x.request, src);
  if (!algorithm) return answer(algorithm.error());
  crypto::Checksummer checksum(*algorithm);

  auto staged = x.services.backend.stage(x.op.bucket);
  if (!staged) return answer(staged.error().with("BucketName", x.op.bucket));
  auto md5_hex = copy_range(*reader, 0, src.size, **staged, &checksum);
  if (!md5_hex) return answer(md5_hex.error());
  meta.etag = std::move(*md5_hex);
  meta.checksums[std::string(crypto::checksum_name(*algorithm))] = checksum.finish_base64();
  meta.checksum_type = "FULL_OBJECT";
  auto committed = x.services.backend.commit_object(std::move(*staged), std::move(meta), {});
  if (!committed) return answer(committed.error());
  report_object_event(x, "ObjectCreated:Copy", committed->key, &*committed);
  core::Response r = xml_response(xml::render_copy_object_result(
      committed->etag, committed->last_modified, committed->checksums, committed->checksum_type));
  add_checksum_headers(committed->checksums, committed->checksum_type, r);
  add_encryption_headers(*committed, r);
  add_encryption_context_header(*committed, r);
  add_expiration_after_write(x, *committed, r);
  add_new_version_header(*committed, r);
  if (source->version_id || !src_version.empty()) {
    r.set_header("x-amz-copy-source-version-id", storage::shown_version_id(src_version));
  }
  return answer(std::move(r));
}

}  // namespace s3sandbox::app
