// GetBucketVersioning, PutBucketVersioning and ListObjectVersions. The status is kept by storage
// (Backend::put_bucket_versioning); MFA delete is a setting of its own ("versioning.mfa-delete"),
// remembered only so that GetBucketVersioning shows it once configured, as S3 does.
#include <algorithm>
#include <charconv>

#include "handlers.hpp"
#include "list_params.hpp"
#include "respond.hpp"
#include "s3sandbox/xml/versioning.hpp"
#include "versioning.hpp"

namespace s3sandbox::app {
namespace {

constexpr const char* kMfaDeleteSetting = "versioning.mfa-delete";

}  // namespace

Started get_bucket_versioning(ExchangeState& x) {
  auto settings = x.services.backend.get_bucket_settings(x.op.bucket);
  if (!settings) return answer(settings.error().with("BucketName", x.op.bucket));
  xml::VersioningConfiguration c;
  if (*settings) {
    const auto& map = **settings;
    if (auto it = map.find(std::string(storage::kVersioningSetting)); it != map.end()) {
      c.status = it->second;
    }
    if (auto it = map.find(kMfaDeleteSetting); it != map.end()) c.mfa_delete = it->second;
  }
  return answer(xml_response(xml::render_versioning_configuration(c)));
}

core::Result<core::Response> put_bucket_versioning(ExchangeState& x, std::string body) {
  auto c = xml::parse_versioning_configuration(body);
  if (!c) return c.error();
  if (c->mfa_delete == "Enabled") {
    if (!x.request.has_header("x-amz-mfa")) {
      // S3's answer to enabling MFA delete without the device's code.
      return core::S3Error(core::ErrorCode::kAccessDenied,
                           "Mfa Authentication must be used for this request")
          .because(
              "MfaDelete=Enabled needs the x-amz-mfa header (the root user's MFA device "
              "serial and code, over HTTPS).");
    }
    return core::S3Error(core::ErrorCode::kNotImplemented,
                         "A header you provided implies functionality that is not implemented")
        .with("Header", "x-amz-mfa")
        .because(
            "s3sandbox cannot verify MFA codes, so it does not enable MFA delete; leave "
            "MfaDelete out (or Disabled) to version the bucket.");
  }
  if (c->status) {
    const storage::VersioningStatus status = *c->status == "Enabled"
                                                 ? storage::VersioningStatus::kEnabled
                                                 : storage::VersioningStatus::kSuspended;
    if (auto r = x.services.backend.put_bucket_versioning(x.op.bucket, status); !r) {
      return r.error().with("BucketName", x.op.bucket);
    }
  }
  if (c->mfa_delete) {
    auto r = x.services.backend.put_bucket_setting(x.op.bucket, kMfaDeleteSetting, *c->mfa_delete);
    if (!r) return r.error().with("BucketName", x.op.bucket);
  }
  return core::Response{};
}

Started list_object_versions(ExchangeState& x) {
  auto keys = list_max_keys(x);
  if (!keys) return answer(keys.error());
  xml::ListVersionsParams p;
  p.bucket = x.op.bucket;
  p.prefix = query_param_or(x, "prefix");
  p.delimiter = query_param_or(x, "delimiter");
  p.key_marker = query_param_or(x, "key-marker");
  p.version_id_marker = query_param_or(x, "version-id-marker");
  p.max_keys = *keys;
  auto encoding = list_encoding_type(x);
  if (!encoding) return answer(encoding.error());
  p.encoding_type = *encoding;
  if (!p.version_id_marker.empty()) {
    if (p.key_marker.empty()) {
      return answer(core::S3Error(core::ErrorCode::kInvalidArgument,
                                  "A version-id marker cannot be specified without a key marker.")
                        .with("ArgumentName", "version-id-marker")
                        .with("ArgumentValue", p.version_id_marker));
    }
    if (!is_valid_version_id(p.version_id_marker)) {
      return answer(core::S3Error(core::ErrorCode::kInvalidArgument, "Invalid version id specified")
                        .with("ArgumentName", "version-id-marker")
                        .with("ArgumentValue", p.version_id_marker));
    }
  }
  storage::VersionsQuery q{p.prefix, p.delimiter, p.key_marker, p.version_id_marker, p.max_keys};
  auto page = x.services.backend.list_object_versions(x.op.bucket, q);
  if (!page) return answer(page.error().with("BucketName", x.op.bucket));
  return answer(xml_response(xml::render_list_versions(p, *page, owner_of(x))));
}

}  // namespace s3sandbox::app
