// PutObject: the body streams through an UploadBody (aws-chunked decoding, hashing, staging);
// only after every check passes is the staged file committed, atomically with the write
// conditions (If-None-Match: *, If-Match), so a refused or interrupted upload never becomes
// visible and of concurrent creators exactly one wins.
#include "encryption.hpp"
#include "encryption_context.hpp"
#include "handlers.hpp"
#include "lifecycle_headers.hpp"
#include "object_acl.hpp"
#include "object_events.hpp"
#include "object_headers.hpp"
#include "object_tagging.hpp"
#include "upload_body.hpp"
#include "versioning.hpp"
#include "website_redirect.hpp"

namespace s3sandbox::app {
namespace {

class PutObjectConsumer final : public OpConsumer {
 public:
  PutObjectConsumer(ExchangeState& x, UploadPlan plan, std::unique_ptr<storage::StagedWrite> staged,
                    storage::ObjectMeta meta, storage::WriteCondition condition)
      : x_(x),
        body_(x, std::move(plan), std::move(staged)),
        meta_(std::move(meta)),
        condition_(std::move(condition)) {}

  core::Result<void> on_body(std::span<const char> bytes) override { return body_.write(bytes); }

  core::Result<core::Response> on_end() override {
    auto finished = body_.finish();
    if (!finished) return finished.error();
    apply_integrity(finished->integrity, meta_);
    auto committed = x_.services.backend.commit_object(std::move(finished->staged),
                                                       std::move(meta_), condition_);
    if (!committed) return committed.error().with("Key", x_.op.key);
    report_object_event(x_, "ObjectCreated:Put", committed->key, &*committed);
    core::Response r;
    r.headers.push_back({"ETag", quote_etag(committed->etag)});
    add_new_version_header(*committed, r);
    add_checksum_headers(committed->checksums, committed->checksum_type, r);
    add_encryption_headers(*committed, r);
    add_encryption_context_header(*committed, r);
    add_expiration_after_write(x_, *committed, r);
    return r;
  }

 private:
  ExchangeState& x_;
  UploadBody body_;
  storage::ObjectMeta meta_;
  storage::WriteCondition condition_;
};

}  // namespace

// If-None-Match: * and If-Match: <etag>, checked inside the commit transaction.
core::Result<storage::WriteCondition> read_write_condition(const core::RequestView& req) {
  storage::WriteCondition condition;
  if (auto inm = req.header("if-none-match")) {
    if (*inm != "*") {
      return core::S3Error(core::ErrorCode::kNotImplemented)
          .with("Header", "If-None-Match")
          .because("PutObject supports If-None-Match only with the value '*'");
    }
    condition.if_none_match_any = true;
  }
  if (auto im = req.header("if-match")) condition.if_match = unquote_etag(*im);
  return condition;
}

Started put_object(ExchangeState& x) {
  auto plan = plan_upload(x, x.services.options.max_single_put);
  if (!plan) return answer(plan.error());

  storage::ObjectMeta meta;
  meta.bucket = x.op.bucket;
  meta.key = x.op.key;
  if (auto r = read_object_headers(x.request, meta); !r) return answer(r.error());
  if (auto r = read_request_tags(x, meta); !r) return answer(r.error());
  if (auto r = apply_write_acl(x.services, x.op.bucket, x.auth.access_key, x.request, meta); !r) {
    return answer(r.error());
  }
  meta.content.content_encoding = stored_content_encoding(meta.content.content_encoding);
  if (auto r = read_website_redirect(x.request, meta); !r) return answer(r.error());
  if (auto r = read_write_encryption(x, meta); !r) return answer(r.error());

  auto condition = read_write_condition(x.request);
  if (!condition) return answer(condition.error());

  auto staged = x.services.backend.stage(x.op.bucket);
  if (!staged) return answer(staged.error().with("BucketName", x.op.bucket));
  return consume(std::make_unique<PutObjectConsumer>(x, std::move(*plan), std::move(*staged),
                                                     std::move(meta), std::move(*condition)));
}

}  // namespace s3sandbox::app
