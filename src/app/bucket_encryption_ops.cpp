// Put/Get/DeleteBucketEncryption: the bucket's default encryption, stored as the bucket
// setting "encryption" (encryption.hpp reads it for every write). A bucket always has one, as
// on S3 since 2023: without a PutBucketEncryption it is SSE-S3 with SSE-C blocked (April 2026).
#include "encryption.hpp"
#include "handlers.hpp"
#include "respond.hpp"

namespace s3sandbox::app {

core::Result<core::Response> put_bucket_encryption(ExchangeState& x, std::string body) {
  auto parsed = xml::parse_encryption_configuration(body);
  if (!parsed) return parsed.error();
  auto exists = x.services.backend.get_bucket_settings(x.op.bucket);
  if (!exists) return exists.error().with("BucketName", x.op.bucket);
  // A configuration without BlockedEncryptionTypes leaves the bucket's SSE-C setting as it is.
  if (!parsed->block_ssec_given) parsed->block_ssec = bucket_encryption(x, x.op.bucket).block_ssec;
  auto r = x.services.backend.put_bucket_setting(x.op.bucket, "encryption",
                                                 encode_bucket_encryption(*parsed));
  if (!r) return r.error().with("BucketName", x.op.bucket);
  return core::Response{};
}

Started get_bucket_encryption(ExchangeState& x) {
  auto exists = x.services.backend.get_bucket_settings(x.op.bucket);
  if (!exists) return answer(exists.error().with("BucketName", x.op.bucket));
  return answer(
      xml_response(xml::render_encryption_configuration(bucket_encryption(x, x.op.bucket))));
}

Started delete_bucket_encryption(ExchangeState& x) {
  // S3 falls back to its default (SSE-S3, SSE-C blocked) rather than to no encryption.
  auto r = x.services.backend.put_bucket_setting(x.op.bucket, "encryption", "");
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

}  // namespace s3sandbox::app
