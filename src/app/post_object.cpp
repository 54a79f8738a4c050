// POST Object: a browser form upload (multipart/form-data) authorised by a signed POST policy
// instead of a request signature. The fields before the file are collected (bounded); when the
// file part begins, the policy is verified against them and the key is fixed (${filename}); the
// file streams into a staged write; at the end the content-length-range is checked and the
// object committed. Answers as the form asks: success_action_redirect (303),
// success_action_status 200 / 201 (PostResponse XML) / 204 (default).
#include "authorize.hpp"
#include "encryption.hpp"
#include "form_data.hpp"
#include "handlers.hpp"
#include "header_policy.hpp"
#include "object_acl.hpp"
#include "object_events.hpp"
#include "object_headers.hpp"
#include "object_tagging.hpp"
#include "respond.hpp"
#include "s3sandbox/auth/post_policy.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/checksum.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/router/router.hpp"
#include "s3sandbox/xml/render.hpp"
#include "website_redirect.hpp"

namespace s3sandbox::app {
namespace {

// The form fields that become the object's headers, as PutObject's request headers would
// (x-amz-storage-class: validated, InvalidStorageClass, and kept as the header's class is).
constexpr std::string_view kHeaderFields[] = {
    "Content-Type",     "Cache-Control", "Content-Disposition", "Content-Encoding",
    "Content-Language", "Expires",       "x-amz-storage-class"};

class PostObjectConsumer final : public OpConsumer, public FormDataHandler {
 public:
  PostObjectConsumer(ExchangeState& x, std::string boundary)
      : x_(x), parser_(std::move(boundary), *this) {}

  core::Result<void> on_body(std::span<const char> bytes) override { return parser_.feed(bytes); }

  core::Result<core::Response> on_end() override {
    if (auto r = parser_.finish(); !r) return r.error();
    if (!file_seen_) {
      return core::S3Error(core::ErrorCode::kInvalidArgument,
                           "POST requires exactly one file upload per request.")
          .with("ArgumentName", "file")
          .because("the form has no field named 'file' (it must be the last field)");
    }
    if (received_ < policy_.min_length) {
      return core::S3Error(core::ErrorCode::kEntityTooSmall)
          .with("ProposedSize", std::to_string(received_))
          .with("MinSizeAllowed", std::to_string(policy_.min_length))
          .because("the policy's content-length-range needs at least " +
                   std::to_string(policy_.min_length) + " bytes; the file has " +
                   std::to_string(received_));
    }
    std::string computed = checksum_.finish_base64();
    if (expected_checksum_ && !crypto::constant_time_equal(*expected_checksum_, computed)) {
      std::string name(crypto::checksum_name(checksum_.algorithm()));
      return core::S3Error(core::ErrorCode::kBadDigest,
                           "The " + name + " you specified did not match the calculated checksum.")
          .because("the form's " + std::string(crypto::checksum_header(checksum_.algorithm())) +
                   " field is " + *expected_checksum_ + " but the file has " + computed);
    }
    meta_.etag = crypto::hex_encode(md5_.finish());
    meta_.checksums[std::string(crypto::checksum_name(checksum_.algorithm()))] = computed;
    meta_.checksum_type = "FULL_OBJECT";
    auto committed = x_.services.backend.commit_object(std::move(staged_), std::move(meta_), {});
    if (!committed) return committed.error();
    report_object_event(x_, "ObjectCreated:Post", committed->key, &*committed);
    return success_response(*committed);
  }

  core::Result<void> on_field(std::string name, std::string value) override {
    if (!file_seen_) fields_.push_back({std::move(name), std::move(value)});
    return {};  // S3 ignores fields after the file
  }

  core::Result<void> on_file_begin(std::string filename, std::string) override {
    if (file_seen_) {
      return core::S3Error(core::ErrorCode::kInvalidArgument,
                           "POST requires exactly one file upload per request.")
          .with("ArgumentName", "file");
    }
    file_seen_ = true;
    const auth::PostField* key_field = field("key");
    if (key_field == nullptr) {
      return core::S3Error(core::ErrorCode::kInvalidArgument,
                           "Bucket POST must contain a field named 'key'.  If it is specified, "
                           "please check the order of the fields.")
          .with("ArgumentName", "key")
          .because("the 'key' field must come before the 'file' field");
    }
    std::string key = key_field->value;
    for (auto at = key.find("${filename}"); at != std::string::npos; at = key.find("${filename}")) {
      key.replace(at, 11, filename);
    }
    if (key.empty()) {
      return core::S3Error(core::ErrorCode::kInvalidArgument,
                           "User key must have a length greater than 0.")
          .with("ArgumentName", "key");
    }
    if (key.size() > 1024) return core::S3Error(core::ErrorCode::kKeyTooLongError);
    if (auto r = authorise(key); !r) return r.error();

    meta_.bucket = x_.op.bucket;
    meta_.key = key;
    core::RequestView as_headers;  // the form fields, read as PutObject reads headers
    for (const auth::PostField& f : fields_) {
      bool header_field = core::to_lower(f.name).rfind("x-amz-meta-", 0) == 0;
      for (std::string_view h : kHeaderFields)
        header_field = header_field || core::iequals(f.name, h);
      if (header_field) as_headers.headers.push_back({f.name, f.value});
    }
    if (auto r = read_object_headers(as_headers, meta_); !r) return r.error();
    if (auto r = read_tagging_field(); !r) return r.error();
    if (auto r = authorise_write(key); !r) return r.error();
    if (auto r = read_feature_fields(); !r) return r.error();
    if (auto r = read_checksum_field(); !r) return r.error();
    auto staged = x_.services.backend.stage(x_.op.bucket);
    if (!staged) return staged.error().with("BucketName", x_.op.bucket);
    staged_ = std::move(*staged);
    return {};
  }

  core::Result<void> on_file_data(std::span<const char> bytes) override {
    received_ += bytes.size();
    if (received_ > policy_.max_length) {
      return core::S3Error(core::ErrorCode::kEntityTooLarge)
          .with("MaxSizeAllowed", std::to_string(policy_.max_length))
          .because(too_large_diagnosis());
    }
    md5_.update(bytes);
    checksum_.update(bytes);
    return staged_->write(bytes);
  }

  core::Result<void> on_file_end() override { return {}; }

 private:
  // The upload stops at the first byte over the limit, so the file's size is known only from the
  // form's Content-Length (the file plus the other fields): both are said.
  std::string too_large_diagnosis() const {
    std::string text = "the policy's content-length-range allows at most " +
                       std::to_string(policy_.max_length) +
                       " bytes, but the file is larger: " + std::to_string(received_) +
                       " bytes had arrived when s3sandbox stopped it";
    if (auto length = x_.request.header("Content-Length")) {
      text += " (the whole form is " + std::string(*length) + " bytes)";
    }
    return text + ". Upload a smaller file, or sign a policy with a larger content-length-range.";
  }

  const auth::PostField* field(std::string_view name) const {
    for (const auth::PostField& f : fields_) {
      if (core::iequals(f.name, name)) return &f;
    }
    return nullptr;
  }

  // The policy is the request's authentication. In warn mode a failure is let through and
  // reported; with --auth off it is not checked.
  core::Result<void> authorise(const std::string& key) {
    const auth::AuthOptions& options = x_.services.auth.options();
    if (x_.facts != nullptr) x_.facts->key = key;  // the form names it, not the URL
    if (options.mode == auth::AuthMode::kOff) return {};
    auto verified =
        auth::verify_post_policy(fields_, x_.op.bucket, key, options, x_.services.clock.now());
    if (verified) {
      policy_ = *verified;
      x_.auth.access_key = verified->access_key;
      if (x_.facts != nullptr) x_.facts->access_key = verified->access_key;
      return {};
    }
    if (options.mode == auth::AuthMode::kWarn) {
      if (x_.facts != nullptr) x_.facts->verdict = "relaxed-by-warn-mode";
      core::log_warn("POST policy refused but let through (auth=warn): " +
                     std::string(verified.error().info().code) + ": " + verified.error().diagnosis);
      return {};
    }
    if (x_.facts != nullptr) x_.facts->verdict = "refused";
    return verified.error();
  }

  // The policy's signer is the writer: its account must be allowed to put the key (another
  // account's bucket needs a grant or a policy), and the form's `acl` field obeys the bucket's
  // Object Ownership and Block Public Access as x-amz-acl does on PutObject.
  core::Result<void> authorise_write(const std::string& key) {
    router::Operation put;
    put.kind = router::OpKind::kPutObject;
    put.bucket = x_.op.bucket;
    put.key = key;
    Requester who{Requester::Kind::kAccount, x_.auth.access_key, "post-policy"};
    if (who.access_key.empty()) who.kind = Requester::Kind::kUnchecked;
    if (auto r = authorize(x_.services, x_.request, put, who); !r) return r.error();
    core::RequestView acl_headers;
    if (const auth::PostField* acl = field("acl"))
      acl_headers.headers.push_back({"x-amz-acl", acl->value});
    return apply_write_acl(x_.services, x_.op.bucket, x_.auth.access_key, acl_headers, meta_);
  }

  // The form fields that ask for a feature, honoured or refused exactly as the same headers are
  // on PutObject: Object Lock (refused: no bucket has it), the website redirect (stored),
  // SSE-S3 / SSE-KMS (with its key id, bucket key and context) and SSE-C (the key checked, its
  // salted hash stored). The acl and tagging fields are read by authorise_write and
  // read_tagging_field.
  core::Result<void> read_feature_fields() {
    core::RequestView as_headers;
    as_headers.scheme = x_.request.scheme;
    for (const auth::PostField& f : fields_) {
      const std::string name = core::to_lower(f.name);
      if (name.starts_with("x-amz-object-lock-") || name.starts_with("x-amz-server-side-") ||
          name == "x-amz-website-redirect-location") {
        as_headers.headers.push_back({name, f.value});
      }
    }
    if (auto r = check_object_lock(as_headers, x_.op.bucket); !r) return r.error();
    if (auto r = read_website_redirect(as_headers, meta_); !r) return r.error();
    return read_write_encryption(x_, as_headers, meta_);
  }

  core::Response success_response(const storage::ObjectMeta& stored) {
    std::string location = "/" + x_.op.bucket + "/" + stored.key;
    if (auto host = x_.request.header("host")) {
      location = x_.request.scheme + "://" + std::string(*host) + location;
    }
    const auth::PostField* redirect = field("success_action_redirect");
    if (redirect == nullptr) redirect = field("redirect");
    core::Response r;
    r.headers.push_back({"ETag", quote_etag(stored.etag)});
    // S3's POST answer names the encryption but not the KMS context (unlike PutObject's).
    add_encryption_headers(stored, r);
    if (!stored.version_id.empty()) r.headers.push_back({"x-amz-version-id", stored.version_id});
    if (redirect != nullptr && !redirect->value.empty()) {
      std::string target = redirect->value;
      target += target.find('?') == std::string::npos ? '?' : '&';
      target += "bucket=" + core::uri_encode(x_.op.bucket) +
                "&key=" + core::uri_encode(stored.key) +
                "&etag=" + core::uri_encode(quote_etag(stored.etag));
      r.status = 303;
      r.headers.push_back({"Location", target});
      return r;
    }
    r.headers.push_back({"Location", location});
    const auth::PostField* status = field("success_action_status");
    std::string wanted = status ? status->value : "204";
    if (wanted == "201") {
      core::Response xml_r = xml_response(
          xml::render_post_response(location, x_.op.bucket, stored.key, stored.etag), 201);
      xml_r.headers.insert(xml_r.headers.end(), r.headers.begin(), r.headers.end());
      return xml_r;
    }
    r.status = wanted == "200" ? 200 : 204;  // S3 answers 204 for any other value
    return r;
  }

  // An x-amz-checksum-<algorithm> form field promises the file's checksum; without one the
  // object gets S3's default CRC64NVME.
  // The `tagging` field is a Tagging XML document (not the header's URL-query form).
  core::Result<void> read_tagging_field() {
    const auth::PostField* tagging = field("tagging");
    if (tagging == nullptr) return {};
    auto tags = xml::parse_tagging(tagging->value);
    if (!tags) return tags.error();
    if (auto checked = check_tags(*tags); !checked) return checked.error();
    meta_.tags = std::move(*tags);
    return {};
  }

  core::Result<void> read_checksum_field() {
    for (const auth::PostField& f : fields_) {
      std::string name = core::to_lower(f.name);
      if (name.rfind("x-amz-checksum-", 0) != 0 || name == "x-amz-checksum-algorithm") continue;
      auto a = crypto::checksum_from_header(name);
      if (!a || !crypto::is_valid_checksum_value(*a, f.value)) {
        return core::S3Error(core::ErrorCode::kInvalidRequest,
                             "Value for " + name + " header is invalid.")
            .because("the form field " + f.name + " is not a valid base64 checksum");
      }
      checksum_ = crypto::Checksummer(*a);
      expected_checksum_ = f.value;
    }
    return {};
  }

  ExchangeState& x_;
  crypto::Digest md5_{crypto::DigestKind::kMd5};  // the ETag
  crypto::Checksummer checksum_{crypto::ChecksumAlgorithm::kCrc64Nvme};
  std::optional<std::string> expected_checksum_;
  FormDataParser parser_;
  std::vector<auth::PostField> fields_;
  bool file_seen_ = false;
  auth::PostPolicyResult policy_;
  storage::ObjectMeta meta_;
  std::unique_ptr<storage::StagedWrite> staged_;
  std::uint64_t received_ = 0;
};

}  // namespace

Started post_object(ExchangeState& x) {
  auto content_type = x.request.header("content-type");
  auto boundary = content_type ? FormDataParser::boundary_of(*content_type) : std::nullopt;
  if (!boundary) {
    return answer(core::S3Error(core::ErrorCode::kPreconditionFailed,
                                "Bucket POST must be of the enclosure-type multipart/form-data")
                      .with("Condition",
                            "Bucket POST must be of the enclosure-type "
                            "multipart/form-data")
                      .because("a browser form upload needs enctype=\"multipart/form-data\""));
  }
  if (auto bucket = x.services.backend.get_bucket(x.op.bucket); !bucket) {
    return answer(bucket.error().with("BucketName", x.op.bucket));
  }
  return consume(std::make_unique<PostObjectConsumer>(x, std::move(*boundary)));
}

}  // namespace s3sandbox::app
