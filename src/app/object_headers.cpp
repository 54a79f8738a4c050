#include "object_headers.hpp"

#include <algorithm>

#include "encryption.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {

core::Result<void> read_object_headers(const core::RequestView& request,
                                       storage::ObjectMeta& meta) {
  auto get = [&](std::string_view name) {
    auto v = request.header(name);
    return v ? std::string(*v) : std::string();
  };
  meta.content.content_type = get("content-type");
  meta.content.content_disposition = get("content-disposition");
  meta.content.content_encoding = get("content-encoding");
  meta.content.content_language = get("content-language");
  meta.content.cache_control = get("cache-control");
  meta.content.expires = get("expires");

  constexpr std::string_view kPrefix = "x-amz-meta-";
  std::size_t total = 0;
  meta.user_metadata.clear();
  for (const core::Header& h : request.headers) {
    if (h.name.size() <= kPrefix.size() ||
        !core::iequals(h.name.substr(0, kPrefix.size()), kPrefix)) {
      continue;
    }
    std::string name = core::to_lower(h.name.substr(kPrefix.size()));
    total += name.size() + h.value.size();
    // Repeated headers are joined with ',' as HTTP allows.
    auto it = std::find_if(meta.user_metadata.begin(), meta.user_metadata.end(),
                           [&](const auto& kv) { return kv.first == name; });
    if (it != meta.user_metadata.end()) {
      it->second += "," + h.value;
    } else {
      meta.user_metadata.emplace_back(std::move(name), h.value);
    }
  }
  if (total > kMaxUserMetadataBytes) {
    return core::S3Error(core::ErrorCode::kMetadataTooLarge)
        .with("Size", std::to_string(total))
        .with("MaxSizeAllowed", std::to_string(kMaxUserMetadataBytes))
        .because("the x-amz-meta-* headers add up to " + std::to_string(total) +
                 " bytes; S3 allows 2048");
  }
  std::sort(meta.user_metadata.begin(), meta.user_metadata.end());

  // The storage classes PutObject accepts (S3 API reference, x-amz-storage-class); s3sandbox
  // stores every object alike but keeps and reports the class the client chose.
  static constexpr std::string_view kStorageClasses[] = {
      "STANDARD",       "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING",
      "GLACIER",        "DEEP_ARCHIVE",       "OUTPOSTS",    "GLACIER_IR", "SNOW",
      "EXPRESS_ONEZONE"};
  meta.storage_class = "STANDARD";
  if (auto sc = request.header("x-amz-storage-class")) {
    if (std::find(std::begin(kStorageClasses), std::end(kStorageClasses), *sc) ==
        std::end(kStorageClasses)) {
      return core::S3Error(core::ErrorCode::kInvalidStorageClass)
          .with("StorageClassRequested", std::string(*sc))
          .because(
              "x-amz-storage-class must be one of S3's storage classes, e.g. STANDARD or "
              "STANDARD_IA");
    }
    meta.storage_class = std::string(*sc);
  }
  return {};
}

void write_object_headers(const storage::ObjectMeta& meta, core::Response& response) {
  // Room for these, the common headers and CORS's, at once rather than by repeated growth.
  response.headers.reserve(response.headers.size() + 16 + meta.user_metadata.size());
  response.set_header("ETag", quote_etag(meta.etag));
  response.set_header("Last-Modified", core::format_http_date(meta.last_modified));
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("Content-Type", meta.content.content_type.empty()
                                          ? std::string("binary/octet-stream")
                                          : meta.content.content_type);
  auto optional = [&](const char* name, const std::string& value) {
    if (!value.empty()) response.set_header(name, value);
  };
  optional("Content-Disposition", meta.content.content_disposition);
  optional("Content-Encoding", meta.content.content_encoding);
  optional("Content-Language", meta.content.content_language);
  optional("Cache-Control", meta.content.cache_control);
  optional("Expires", meta.content.expires);
  for (const auto& [name, value] : meta.user_metadata) {
    response.headers.push_back({"x-amz-meta-" + name, value});
  }
  if (meta.storage_class != "STANDARD" && !meta.storage_class.empty()) {
    response.set_header("x-amz-storage-class", meta.storage_class);
  }
  if (!meta.tags.empty()) {
    response.set_header("x-amz-tagging-count", std::to_string(meta.tags.size()));
  }
  if (auto it = meta.settings.find("website-redirect"); it != meta.settings.end()) {
    response.set_header("x-amz-website-redirect-location", it->second);
  }
  add_encryption_headers(meta, response);
  // x-amz-mp-parts-count is set by GET/HEAD ?partNumber=N only, as S3 documents PartsCount.
}

std::string quote_etag(std::string_view etag) { return "\"" + std::string(etag) + "\""; }

std::string unquote_etag(std::string_view etag) {
  while (!etag.empty() && etag.front() == ' ') etag.remove_prefix(1);
  while (!etag.empty() && etag.back() == ' ') etag.remove_suffix(1);
  if (etag.substr(0, 2) == "W/") etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

}  // namespace s3sandbox::app
