#include "website_redirect.hpp"

namespace s3sandbox::app {

core::Result<void> read_website_redirect(const core::RequestView& request,
                                         storage::ObjectMeta& meta) {
  auto value = request.header("x-amz-website-redirect-location");
  if (!value) return {};
  const std::string_view v = *value;
  const bool valid_prefix =
      v.substr(0, 1) == "/" || v.substr(0, 7) == "http://" || v.substr(0, 8) == "https://";
  if (!valid_prefix) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "The website redirect location must have a prefix of 'http://' or "
                         "'https://' or '/'.")
        .with("ArgumentName", "x-amz-website-redirect-location")
        .with("ArgumentValue", std::string(v))
        .because("x-amz-website-redirect-location is a path ('/other.html') or an http(s) URL");
  }
  if (v.size() > 2048) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "The length of website redirect location cannot exceed 2,048 "
                         "characters.")
        .with("ArgumentName", "x-amz-website-redirect-location")
        .because("x-amz-website-redirect-location is " + std::to_string(v.size()) +
                 " characters long; S3 allows 2048");
  }
  meta.settings[kWebsiteRedirectSetting] = std::string(v);
  return {};
}

}  // namespace s3sandbox::app
