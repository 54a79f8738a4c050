// Put/Get/DeleteBucketLifecycleConfiguration: the bucket's rules, validated as S3 validates them
// (xml/lifecycle.hpp) and stored as the bucket setting "lifecycle" with the
// x-amz-transition-default-minimum-object-size S3 applies (lifecycle_rules.hpp). The rules run
// in lifecycle_evaluator.hpp.
#include "handlers.hpp"
#include "lifecycle_rules.hpp"
#include "respond.hpp"
#include "s3sandbox/core/error_codes_more.hpp"
#include "s3sandbox/xml/lifecycle.hpp"

namespace s3sandbox::app {
namespace {

constexpr std::string_view kMinimumSizeHeader = "x-amz-transition-default-minimum-object-size";

}  // namespace

core::Result<core::Response> put_bucket_lifecycle_configuration(ExchangeState& x,
                                                                std::string body) {
  std::string minimum(xml::kTransitionMinimumDefault);
  if (auto given = x.request.header(kMinimumSizeHeader)) {
    if (!xml::is_transition_minimum_size(*given)) {
      return core::S3Error(core::ErrorCode::kInvalidRequest,
                           "Invalid value for x-amz-transition-default-minimum-object-size")
          .with("ArgumentName", std::string(kMinimumSizeHeader))
          .with("ArgumentValue", std::string(*given))
          .because("the header takes all_storage_classes_128K or varies_by_storage_class");
    }
    minimum = std::string(*given);
  }
  auto config = xml::parse_lifecycle_configuration(body);
  if (!config) return config.error();
  const std::string document = xml::render_lifecycle_configuration(*config);
  auto r = x.services.backend.put_bucket_setting(x.op.bucket, std::string(kLifecycleSetting),
                                                 encode_lifecycle({minimum, document}));
  if (!r) return r.error().with("BucketName", x.op.bucket);
  core::Response response;
  response.status = 200;
  response.set_header(std::string(kMinimumSizeHeader), minimum);
  return response;
}

Started get_bucket_lifecycle_configuration(ExchangeState& x) {
  auto settings = x.services.backend.get_bucket_settings(x.op.bucket);
  if (!settings) return answer(settings.error().with("BucketName", x.op.bucket));
  std::string setting;
  if (*settings) {
    if (auto it = (*settings)->find(std::string(kLifecycleSetting)); it != (*settings)->end()) {
      setting = it->second;
    }
  }
  if (setting.empty()) {
    return answer(core::S3Error(core::kNoSuchLifecycleConfiguration)
                      .with("BucketName", x.op.bucket)
                      .because("bucket '" + x.op.bucket +
                               "' has no lifecycle rules; set them with "
                               "PutBucketLifecycleConfiguration"));
  }
  StoredLifecycle stored = decode_lifecycle(setting);
  core::Response response = xml_response(std::move(stored.document));
  response.set_header(std::string(kMinimumSizeHeader), stored.minimum_size);
  return answer(std::move(response));
}

Started delete_bucket_lifecycle(ExchangeState& x) {
  auto r = x.services.backend.put_bucket_setting(x.op.bucket, std::string(kLifecycleSetting), "");
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

}  // namespace s3sandbox::app
