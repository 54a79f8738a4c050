// UploadPart and UploadPartCopy: a part's bytes go through the same UploadBody (framing,
// checksums, Content-MD5) or copy path as an object's and are committed as part N of the upload,
// replacing an earlier part N. Each part's checksum is kept for the completion: the upload's
// algorithm, or S3's default CRC64NVME.
#include <charconv>

#include "authorize.hpp"
#include "copy_source.hpp"
#include "encryption.hpp"
#include "handlers.hpp"
#include "multipart_common.hpp"
#include "object_headers.hpp"
#include "respond.hpp"
#include "s3sandbox/storage/versions.hpp"
#include "upload_body.hpp"

namespace s3sandbox::app {
namespace {

// The part's checksums: the upload's algorithm when it has one (a part checksum of another
// algorithm is refused, as S3 does); otherwise the client's, plus CRC64NVME for the completed
// object's default full-object checksum.
core::Result<void> adapt_to_upload(IntegrityPlan& plan, const storage::MultipartUpload& upload) {
  auto a = upload_algorithm(upload);
  if (!a) {
    plan.also = crypto::ChecksumAlgorithm::kCrc64Nvme;
    return {};
  }
  if (plan.checksum && plan.checksum->algorithm != *a) {
    std::string expected = core::to_lower(crypto::checksum_name(*a));
    std::string actual = core::to_lower(crypto::checksum_name(plan.checksum->algorithm));
    return core::S3Error(core::ErrorCode::kInvalidRequest,
                         "Checksum Type mismatch occurred, expected checksum Type: " + expected +
                             ", actual checksum Type: " + actual)
        .because("the upload was created with x-amz-checksum-algorithm " +
                 upload.checksum_algorithm + "; every part must use it");
  }
  plan.stored = *a;
  return {};
}

void add_part_checksum_header(const storage::PartInfo& part, const std::string& name,
                              core::Response& r) {
  auto it = part.checksums.find(name);
  auto a = crypto::parse_checksum_name(name);
  if (it != part.checksums.end() && a)
    r.set_header(std::string(crypto::checksum_header(*a)), it->second);
}

class UploadPartConsumer final : public OpConsumer {
 public:
  UploadPartConsumer(ExchangeState& x, UploadPlan plan,
                     std::unique_ptr<storage::StagedWrite> staged, std::string upload_id,
                     int number, bool echo_checksum, storage::ObjectMeta upload_meta)
      : x_(x),
        body_(x, std::move(plan), std::move(staged)),
        upload_id_(std::move(upload_id)),
        number_(number),
        echo_checksum_(echo_checksum),
        upload_meta_(std::move(upload_meta)) {}

  core::Result<void> on_body(std::span<const char> bytes) override { return body_.write(bytes); }

  core::Result<core::Response> on_end() override {
    auto finished = body_.finish();
    if (!finished) return finished.error();
    storage::PartInfo part;
    part.number = number_;
    part.etag = finished->integrity.md5_hex;
    part.checksums = finished->integrity.all;
    auto committed = x_.services.backend.commit_part(x_.op.bucket, x_.op.key, upload_id_,
                                                     std::move(finished->staged), std::move(part));
    if (!committed) return committed.error().with("UploadId", upload_id_);
    core::Response r;
    r.set_header("ETag", quote_etag(committed->etag));
    if (echo_checksum_) add_part_checksum_header(*committed, finished->integrity.checksum_name, r);
    add_encryption_headers(upload_meta_, r);
    return r;
  }

 private:
  ExchangeState& x_;
  UploadBody body_;
  std::string upload_id_;
  int number_;
  bool echo_checksum_;
  storage::ObjectMeta upload_meta_;  // its encryption, which S3 names on each part's answer
};

struct CopyRange {
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};

// x-amz-copy-source-range: bytes=first-last, within the source.
core::Result<CopyRange> read_copy_range(const core::RequestView& req, std::uint64_t size) {
  auto header = req.header("x-amz-copy-source-range");
  if (!header) return CopyRange{0, size};
  std::string_view v = *header;
  auto bad = [&] {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "The x-amz-copy-source-range value must be of the form bytes=first-last "
                         "where first and last are the zero-based offsets of the first and last "
                         "bytes to copy")
        .with("ArgumentName", "x-amz-copy-source-range")
        .with("ArgumentValue", std::string(v));
  };
  if (v.substr(0, 6) != "bytes=") return bad();
  std::string_view spec = v.substr(6);
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return bad();
  std::uint64_t first = 0, last = 0;
  auto parse = [](std::string_view s, std::uint64_t& out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
  };
  if (!parse(spec.substr(0, dash), first) || !parse(spec.substr(dash + 1), last) || last < first)
    return bad();
  if (last >= size) {
    return core::S3Error(
               core::ErrorCode::kInvalidArgument,
               "Range specified is not valid for source object of size: " + std::to_string(size))
        .with("ArgumentName", "x-amz-copy-source-range")
        .with("ArgumentValue", std::string(v));
  }
  return CopyRange{first, last - first + 1};
}

}  // namespace

Started upload_part(ExchangeState& x) {
  auto number = read_part_number(x);
  if (!number) return answer(number.error());
  auto plan = plan_upload(x, x.services.options.max_part_size);
  if (!plan) return answer(plan.error());
  auto upload = find_upload(x);
  if (!upload) return answer(upload.error());
  if (auto r = adapt_to_upload(plan->integrity, *upload); !r) return answer(r.error());
  if (auto r = check_part_encryption(x, upload->meta); !r) return answer(r.error());
  bool echo = plan->integrity.checksum.has_value() || upload_algorithm(*upload).has_value();

  auto staged = x.services.backend.stage(x.op.bucket);
  if (!staged) return answer(staged.error().with("BucketName", x.op.bucket));
  return consume(std::make_unique<UploadPartConsumer>(
      x, std::move(*plan), std::move(*staged), upload->upload_id, *number, echo, upload->meta));
}

Started upload_part_copy(ExchangeState& x) {
  auto number = read_part_number(x);
  if (!number) return answer(number.error());
  auto source = parse_copy_source(*x.request.header("x-amz-copy-source"));
  if (!source) return answer(source.error());
  auto upload = find_upload(x);
  if (!upload) return answer(upload.error());

  if (auto r = check_part_encryption(x, upload->meta); !r) return answer(r.error());

  // The requester must be allowed to read the source too (s3:GetObject on it), as for
  // CopyObject: another account's object needs its ACL or its bucket's policy to allow it.
  if (auto allowed = authorize_copy_source(x, source->bucket, source->key, source->version_id);
      !allowed) {
    return answer(allowed.error());
  }
  auto reader = open_copy_source(x.request, x.services.backend, *source);
  if (!reader) return answer(reader.error());
  const storage::ObjectMeta& src = reader->meta;
  const std::string src_version = src.version_id;
  if (auto r = check_read_encryption(x, src, true); !r) return answer(r.error());
  auto range = read_copy_range(x.request, src.size);
  if (!range) return answer(range.error());
  if (range->length > x.services.options.max_part_size) {
    return answer(core::S3Error(core::ErrorCode::kEntityTooLarge)
                      .with("ProposedSize", std::to_string(range->length))
                      .with("MaxSizeAllowed", std::to_string(x.services.options.max_part_size)));
  }

  auto a = upload_algorithm(*upload).value_or(crypto::ChecksumAlgorithm::kCrc64Nvme);
  crypto::Checksummer checksum(a);
  auto staged = x.services.backend.stage(x.op.bucket);
  if (!staged) return answer(staged.error().with("BucketName", x.op.bucket));
  auto md5_hex = copy_range(*reader, range->first, range->length, **staged, &checksum);
  if (!md5_hex) return answer(md5_hex.error());
  storage::PartInfo part;
  part.number = *number;
  part.etag = std::move(*md5_hex);
  part.checksums[std::string(crypto::checksum_name(a))] = checksum.finish_base64();
  auto committed = x.services.backend.commit_part(x.op.bucket, x.op.key, upload->upload_id,
                                                  std::move(*staged), std::move(part));
  if (!committed) return answer(committed.error().with("UploadId", upload->upload_id));
  std::map<std::string, std::string> shown;
  if (upload_algorithm(*upload)) shown = committed->checksums;
  core::Response r = xml_response(xml::render_copy_object_result(
      committed->etag, committed->last_modified, shown, "", "CopyPartResult"));
  add_encryption_headers(upload->meta, r);
  if (source->version_id || !src_version.empty()) {
    r.set_header("x-amz-copy-source-version-id", storage::shown_version_id(src_version));
  }
  return answer(std::move(r));
}

}  // namespace s3sandbox::app
