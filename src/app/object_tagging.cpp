// GetObjectTagging, PutObjectTagging, DeleteObjectTagging, and the tags of uploads (see
// object_tagging.hpp). Tags belong to the object: a new PUT replaces them, DELETE removes them,
// and changing them does not change the object's ETag or Last-Modified.
#include "object_tagging.hpp"

#include <set>

#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/xml/render.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

constexpr std::size_t kMaxKeyChars = 128;
constexpr std::size_t kMaxValueChars = 256;

// Unicode characters in valid UTF-8 text; nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return std::nullopt;
    }
    i += n;
  }
  return count;
}

// S3's tag alphabet: Unicode letters, digits and spaces, and + - = . _ : / @. Non-ASCII characters
// are let through (telling letters from symbols beyond ASCII needs Unicode tables).
bool allowed_characters(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool ok = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') ||
              std::string_view(" +-=._:/@").find(ch) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

core::S3Error invalid_tag(std::string message, const std::string& key, std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidTag, std::move(message))
      .with("TagKey", key)
      .because(std::move(why));
}

core::S3Error tagging_header_error(std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidArgument,
                       "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL "
                       "query parameters without tag name duplicates.")
      .with("ArgumentName", "x-amz-tagging")
      .because(std::move(why));
}

// The tags of the version named by ?versionId=, else of the current object.
core::Result<core::Response> tags_changed(ExchangeState& x, xml::TagSet tags) {
  auto version = requested_version(x);
  if (!version) return version.error();
  auto stored = *version
                    ? x.services.backend.put_object_version_tags(x.op.bucket, x.op.key, **version,
                                                                 std::move(tags))
                    : x.services.backend.put_object_tags(x.op.bucket, x.op.key, std::move(tags));
  if (!stored) return stored.error().with("BucketName", x.op.bucket).with("Key", x.op.key);
  core::Response r;
  if (*version || !stored->version_id.empty()) {
    r.set_header("x-amz-version-id", storage::shown_version_id(stored->version_id));
  }
  return r;
}

}  // namespace

core::Result<void> check_tags(const xml::TagSet& tags) {
  if (tags.size() > kMaxObjectTags) {
    return core::S3Error(core::ErrorCode::kBadRequest, "Object tags cannot be greater than 10")
        .because("the request gives " + std::to_string(tags.size()) +
                 " tags; S3 allows at most 10 per object");
  }
  std::set<std::string_view> seen;
  for (const auto& [key, value] : tags) {
    auto key_chars = utf8_length(key);
    if (!key_chars || *key_chars == 0 || *key_chars > kMaxKeyChars || !allowed_characters(key)) {
      return invalid_tag("The TagKey you have provided is invalid", key,
                         "a tag key must be 1 to 128 characters of letters, digits, spaces and "
                         "+ - = . _ : / @ (this one has " +
                             std::to_string(key_chars.value_or(0)) + ")");
    }
    if (key.starts_with("aws:")) {
      return invalid_tag("Your TagKey cannot be prefixed with aws:", key,
                         "tag keys starting with 'aws:' are reserved for AWS");
    }
    auto value_chars = utf8_length(value);
    if (!value_chars || *value_chars > kMaxValueChars || !allowed_characters(value)) {
      return invalid_tag("The TagValue you have provided is invalid", key,
                         "a tag value must be at most 256 characters of letters, digits, spaces "
                         "and + - = . _ : / @")
          .with("TagValue", value);
    }
    if (!seen.insert(key).second) {
      return invalid_tag("Cannot provide multiple Tags with the same key", key,
                         "the tag key '" + key + "' is given twice");
    }
  }
  return {};
}

core::Result<xml::TagSet> parse_tagging_header(std::string_view value) {
  xml::TagSet tags;
  std::set<std::string> keys;
  while (!value.empty()) {
    auto amp = value.find('&');
    std::string_view item = value.substr(0, amp);
    value = amp == std::string_view::npos ? std::string_view() : value.substr(amp + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    auto key = core::percent_decode(item.substr(0, eq), core::PlusIs::kSpace);
    auto val = eq == std::string_view::npos
                   ? std::optional<std::string>("")
                   : core::percent_decode(item.substr(eq + 1), core::PlusIs::kSpace);
    if (!key || !val) {
      return tagging_header_error("'" + std::string(item) +
                                  "' has a '%' not followed by two hex digits");
    }
    if (!keys.insert(*key).second) {
      return tagging_header_error("the tag key '" + *key + "' is given twice");
    }
    tags.emplace_back(std::move(*key), std::move(*val));
  }
  if (auto checked = check_tags(tags); !checked) return checked.error();
  return tags;
}

core::Result<void> read_request_tags(const ExchangeState& x, storage::ObjectMeta& meta) {
  std::optional<std::string_view> text = x.request.header("x-amz-tagging");
  if (!text) {
    if (const router::QueryParam* p = x.op.param("x-amz-tagging")) text = p->value;
  }
  if (!text) return {};
  auto tags = parse_tagging_header(*text);
  if (!tags) return tags.error();
  meta.tags = std::move(*tags);
  return {};
}

Started get_object_tagging(ExchangeState& x) {
  auto meta = head_requested_version(x);
  if (!meta) return answer(meta.error().with("BucketName", x.op.bucket).with("Key", x.op.key));
  if (meta->delete_marker) {
    return answer(core::S3Error(core::ErrorCode::kMethodNotAllowed,
                                "The specified method is not allowed against this resource.")
                      .with_header("x-amz-delete-marker", "true")
                      .because("version " + storage::shown_version_id(meta->version_id) + " of '" +
                               x.op.key + "' is a delete marker, which has no tags"));
  }
  core::Response r = xml_response(xml::render_tagging(meta->tags));
  if (x.op.param("versionId") != nullptr || !meta->version_id.empty()) {
    r.set_header("x-amz-version-id", storage::shown_version_id(meta->version_id));
  }
  return answer(std::move(r));
}

core::Result<core::Response> put_object_tagging(ExchangeState& x, std::string body) {
  auto tags = xml::parse_tagging(body);
  if (!tags) return tags.error();
  if (auto checked = check_tags(*tags); !checked) return checked.error();
  return tags_changed(x, std::move(*tags));
}

Started delete_object_tagging(ExchangeState& x) {
  auto r = tags_changed(x, {});
  if (r) r->status = 204;
  return answer(std::move(r));
}

}  // namespace s3sandbox::app
