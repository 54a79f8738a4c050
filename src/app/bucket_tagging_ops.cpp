// Put/Get/DeleteBucketTagging: the bucket's tags, stored as the bucket setting "tagging" (the
// Tagging document GetBucketTagging answers). S3's limits for buckets: at most 50 tags, keys
// and values as for objects, no duplicate keys.
#include <set>

#include "handlers.hpp"
#include "object_tagging.hpp"
#include "respond.hpp"
#include "s3sandbox/core/error_codes_more.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {
namespace {

constexpr std::size_t kMaxBucketTags = 50;

core::Result<void> check_bucket_tags(const xml::TagSet& tags) {
  if (tags.size() > kMaxBucketTags) {
    return core::S3Error(core::ErrorCode::kInvalidTag, "Bucket tag count cannot be greater than 50")
        .because(std::to_string(tags.size()) + " tags were sent; a bucket takes at most 50");
  }
  std::set<std::string> keys;
  for (const auto& tag : tags) {
    if (!keys.insert(tag.first).second) {
      return core::S3Error(core::ErrorCode::kInvalidTag,
                           "Cannot provide multiple Tags with the same key")
          .with("TagKey", tag.first)
          .because("the key '" + tag.first + "' appears twice");
    }
    // Each tag's key and value follow the object rules (length, alphabet, no aws: prefix).
    if (auto r = check_tags({tag}); !r) return r;
  }
  return {};
}

}  // namespace

core::Result<core::Response> put_bucket_tagging(ExchangeState& x, std::string body) {
  auto tags = xml::parse_tagging(body);
  if (!tags) return tags.error();
  if (auto r = check_bucket_tags(*tags); !r) return r.error();
  auto r = x.services.backend.put_bucket_setting(x.op.bucket, "tagging",
                                                 tags->empty() ? "" : xml::render_tagging(*tags));
  if (!r) return r.error().with("BucketName", x.op.bucket);
  core::Response response;
  response.status = 204;
  return response;
}

Started get_bucket_tagging(ExchangeState& x) {
  auto settings = x.services.backend.get_bucket_settings(x.op.bucket);
  if (!settings) return answer(settings.error().with("BucketName", x.op.bucket));
  std::string document;
  if (*settings) {
    if (auto it = (*settings)->find("tagging"); it != (*settings)->end()) document = it->second;
  }
  if (document.empty()) {
    return answer(
        core::S3Error(core::kNoSuchTagSet)
            .with("BucketName", x.op.bucket)
            .because("bucket '" + x.op.bucket + "' has no tags; set them with PutBucketTagging"));
  }
  return answer(xml_response(std::move(document)));
}

Started delete_bucket_tagging(ExchangeState& x) {
  auto r = x.services.backend.put_bucket_setting(x.op.bucket, "tagging", "");
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

}  // namespace s3sandbox::app
