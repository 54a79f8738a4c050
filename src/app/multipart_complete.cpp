// CompleteMultipartUpload: checks the listed parts against the stored ones (InvalidPart,
// InvalidPartOrder, EntityTooSmall, part checksums), derives the ETag and checksum S3 would
// (multipart_math.hpp), and has storage assemble the object and make it visible atomically with
// the write conditions. Repeating a completion that already succeeded answers success again, as
// S3 does for a retried request.
#include "encryption.hpp"
#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "listing_owners.hpp"
#include "multipart_common.hpp"
#include "multipart_math.hpp"
#include "object_events.hpp"
#include "object_headers.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "upload_integrity.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

core::S3Error invalid_part(const std::string& upload_id, const xml::CompletedPart& p,
                           std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidPart)
      .with("UploadId", upload_id)
      .with("PartNumber", std::to_string(p.part_number))
      .with("ETag", p.etag)
      .because(std::move(why));
}

struct Completion {
  const ExchangeState& x;
  storage::MultipartUpload upload;
  std::vector<xml::CompletedPart> listed;
  std::vector<storage::PartInfo> chosen;  // the stored parts, in listed order
};

core::Result<void> check_order(const std::vector<xml::CompletedPart>& listed) {
  for (std::size_t i = 1; i < listed.size(); ++i) {
    if (listed[i].part_number <= listed[i - 1].part_number) {
      return core::S3Error(core::ErrorCode::kInvalidPartOrder)
          .because("part " + std::to_string(listed[i].part_number) + " is listed after part " +
                   std::to_string(listed[i - 1].part_number) +
                   "; list parts once each, in ascending order");
    }
  }
  return {};
}

core::Result<void> match_parts(Completion& c, const std::vector<storage::PartInfo>& stored) {
  const std::string& id = c.upload.upload_id;
  for (const xml::CompletedPart& p : c.listed) {
    auto it = std::find_if(stored.begin(), stored.end(),
                           [&](const storage::PartInfo& s) { return s.number == p.part_number; });
    if (it == stored.end())
      return invalid_part(id, p, "part " + std::to_string(p.part_number) + " was never uploaded");
    if (it->etag != p.etag) {
      return invalid_part(id, p,
                          "part " + std::to_string(p.part_number) + " has ETag \"" + it->etag +
                              "\", not \"" + p.etag + "\": it was re-uploaded or mistyped");
    }
    for (const auto& [name, value] : p.checksums) {
      auto mine = it->checksums.find(name);
      if (mine != it->checksums.end() && mine->second != value) {
        return invalid_part(id, p,
                            "part " + std::to_string(p.part_number) + " has " + name + " " +
                                mine->second + ", not " + value);
      }
    }
    c.chosen.push_back(*it);
  }
  return {};
}

core::Result<void> check_sizes(const Completion& c, std::uint64_t min_part_size) {
  for (std::size_t i = 0; i + 1 < c.chosen.size(); ++i) {
    if (c.chosen[i].size < min_part_size) {
      return core::S3Error(core::ErrorCode::kEntityTooSmall)
          .with("ProposedSize", std::to_string(c.chosen[i].size))
          .with("MinSizeAllowed", std::to_string(min_part_size))
          .with("PartNumber", std::to_string(c.chosen[i].number))
          .with("ETag", c.chosen[i].etag)
          .because("every part but the last must have at least " + std::to_string(min_part_size) +
                   " bytes; part " + std::to_string(c.chosen[i].number) + " has " +
                   std::to_string(c.chosen[i].size));
    }
  }
  return {};
}

// The completed object's checksum: the upload's algorithm combined as its type says, or S3's
// default full-object CRC64NVME.
core::Result<std::pair<std::string, std::string>> object_checksum(const Completion& c,
                                                                  std::string& type) {
  auto a = upload_algorithm(c.upload);
  crypto::ChecksumAlgorithm algorithm = a.value_or(crypto::ChecksumAlgorithm::kCrc64Nvme);
  std::string name(crypto::checksum_name(algorithm));
  type = a ? c.upload.meta.checksum_type : "FULL_OBJECT";
  std::vector<std::string> values;
  std::vector<PartCrc> crcs;
  for (std::size_t i = 0; i < c.chosen.size(); ++i) {
    auto it = c.chosen[i].checksums.find(name);
    if (it == c.chosen[i].checksums.end()) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "The upload was created using a " + core::to_lower(name) +
                               " checksum. The complete request must include the checksum for "
                               "each part. It was missing for part " +
                               std::to_string(c.chosen[i].number) + " in the request.")
          .because("part " + std::to_string(c.chosen[i].number) + " was stored without a " + name +
                   " checksum");
    }
    if (a && type == "COMPOSITE" &&
        c.listed[i].checksums.find(name) == c.listed[i].checksums.end()) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "The upload was created using a " + core::to_lower(name) +
                               " checksum. The complete request must include the checksum for "
                               "each part. It was missing for part " +
                               std::to_string(c.chosen[i].number) + " in the request.")
          .because("list each part's Checksum" + name + " in the CompleteMultipartUpload body");
    }
    values.push_back(it->second);
    crcs.push_back({it->second, c.chosen[i].size});
  }
  auto value = type == "COMPOSITE" ? composite_checksum(algorithm, values)
                                   : full_object_crc(algorithm, crcs);
  if (!value) return core::S3Error(core::ErrorCode::kInternalError);
  return std::make_pair(name, *value);
}

// x-amz-checksum-<alg> / x-amz-checksum-type on the request promise the object's checksum.
core::Result<void> check_promised_checksum(const core::RequestView& req, const std::string& name,
                                           const std::string& value, const std::string& type) {
  if (auto t = req.header("x-amz-checksum-type"); t && *t != type) {
    return core::S3Error(core::ErrorCode::kBadDigest)
        .because("x-amz-checksum-type says " + std::string(*t) + " but the upload was created as " +
                 type);
  }
  for (const core::Header& h : req.headers) {
    std::string lower = core::to_lower(h.name);
    auto a = crypto::checksum_from_header(lower);
    if (!a) continue;
    std::string promised = h.value;
    std::string computed = value;
    if (type == "COMPOSITE") {  // clients may send the value with or without the "-N" suffix
      computed = value.substr(0, value.rfind('-'));
      promised = promised.substr(
          0, promised.rfind('-') == std::string::npos ? promised.size() : promised.rfind('-'));
    }
    if (std::string(crypto::checksum_name(*a)) != name || promised != computed) {
      return core::S3Error(core::ErrorCode::kBadDigest,
                           "The " + std::string(crypto::checksum_name(*a)) +
                               " you specified did not match the calculated checksum.")
          .because(lower + " promised " + h.value + " but the parts combine to " + name + " " +
                   value);
    }
  }
  return {};
}

core::Result<core::Response> completed_response(const ExchangeState& x,
                                                const storage::ObjectMeta& meta) {
  std::string host(x.request.header("host").value_or("localhost"));
  std::string location = x.request.scheme + "://" + host + x.request.path;
  core::Response r = xml_response(xml::render_complete_multipart_upload(location, meta));
  add_encryption_headers(meta, r);
  add_expiration_after_write(x, meta, r);
  add_new_version_header(meta, r);
  return r;
}

// A retried completion of an upload that is already complete: S3 answers success again.
std::optional<core::Response> already_completed(const ExchangeState& x,
                                                const std::vector<xml::CompletedPart>& listed) {
  auto head = x.services.backend.head_object(x.op.bucket, x.op.key);
  if (!head || head->parts_count != static_cast<int>(listed.size())) return std::nullopt;
  std::vector<std::string> etags;
  for (const xml::CompletedPart& p : listed) etags.push_back(p.etag);
  if (composite_etag(etags) != head->etag) return std::nullopt;
  auto r = completed_response(x, *head);
  if (!r) return std::nullopt;
  return std::move(*r);
}

core::Result<core::Response> complete(const ExchangeState& x, const std::string& upload_id,
                                      const storage::WriteCondition& condition,
                                      const std::string& body) {
  auto listed = xml::parse_complete_multipart_upload(body);
  if (!listed) return listed.error();
  if (auto r = check_order(*listed); !r) return r.error();
  auto upload = find_upload(x);
  if (!upload) {
    if (upload.error().code == core::ErrorCode::kNoSuchUpload) {
      if (auto again = already_completed(x, *listed)) return std::move(*again);
    }
    return upload.error();
  }
  Completion c{x, std::move(*upload), std::move(*listed), {}};
  auto stored = x.services.backend.all_parts(x.op.bucket, x.op.key, upload_id);
  if (!stored) return stored.error().with("UploadId", upload_id);
  if (auto r = match_parts(c, *stored); !r) return r.error();
  if (auto r = check_sizes(c, x.services.options.min_part_size); !r) return r.error();
  std::string type;
  auto checksum = object_checksum(c, type);
  if (!checksum) return checksum.error();
  if (auto r = check_promised_checksum(x.request, checksum->first, checksum->second, type); !r)
    return r.error();

  storage::ObjectMeta meta = c.upload.meta;
  meta.settings.erase(kInitiatorSetting);  // the upload's, not the object's
  std::vector<std::string> etags;
  std::vector<int> numbers;
  for (const storage::PartInfo& p : c.chosen) {
    etags.push_back(p.etag);
    numbers.push_back(p.number);
  }
  meta.etag = composite_etag(etags);
  meta.checksums = {{checksum->first, checksum->second}};
  meta.checksum_type = type;
  auto committed = x.services.backend.complete_upload(x.op.bucket, x.op.key, upload_id, numbers,
                                                      std::move(meta), condition);
  if (!committed) return committed.error().with("Key", x.op.key);
  report_object_event(x, "ObjectCreated:CompleteMultipartUpload", committed->key, &*committed);
  return completed_response(x, *committed);
}

}  // namespace

core::Result<core::Response> complete_multipart_upload(ExchangeState& x, std::string body) {
  auto condition = read_write_condition(x.request);
  if (!condition) return condition.error();
  const router::QueryParam* id = x.op.param("uploadId");
  std::string upload_id = id != nullptr ? std::string(id->value) : std::string();
  return complete(x, upload_id, *condition, body);
}

}  // namespace s3sandbox::app
