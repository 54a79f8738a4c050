// Bucket-level operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket,
// GetBucketLocation.
#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/router/bucket_name.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

// The owner shown in listings: a stable canonical-user-like id derived from the access key.
xml::Owner owner_of(const ExchangeState& x) {
  std::string name = x.auth.access_key.empty() ? std::string("anonymous") : x.auth.access_key;
  return {crypto::sha256_hex("s3sandbox-owner:" + name), name};
}

namespace {

// S3's rules for the LocationConstraint of CreateBucket, for a server in `server_region`:
// the us-east-1 endpoint takes no constraint (or any other region's); a regional endpoint needs
// its own region named.
core::Result<std::string> check_location(const std::string& requested,
                                         const std::string& server_region) {
  if (server_region == "us-east-1" || server_region == "*") {
    if (requested == "us-east-1") {
      return core::S3Error(core::ErrorCode::kInvalidLocationConstraint)
          .with("LocationConstraint", requested)
          .because(
              "us-east-1 is the default region: send CreateBucket without a "
              "LocationConstraint");
    }
    return requested;
  }
  if (requested != server_region) {
    std::string shown = requested.empty() ? "unspecified" : requested;
    return core::S3Error(core::ErrorCode::kIllegalLocationConstraintException,
                         "The " + shown +
                             " location constraint is incompatible for the region specific "
                             "endpoint this request was sent to.")
        .because("this server is configured for region " + server_region +
                 "; CreateBucket must name it as LocationConstraint (boto3: "
                 "CreateBucketConfiguration={'LocationConstraint': '" +
                 server_region + "'})");
  }
  return requested;
}

core::Result<core::Response> finish_create(ExchangeState& x, const std::string& body) {
  if (std::string problem = router::bucket_name_problem(x.op.bucket); !problem.empty()) {
    return core::S3Error(core::ErrorCode::kInvalidBucketName)
        .with("BucketName", x.op.bucket)
        .because(problem);
  }
  auto requested = xml::parse_create_bucket_configuration(body);
  if (!requested) return requested.error();
  auto region = check_location(*requested, x.services.options.region);
  if (!region) return region.error();
  auto created = x.services.backend.create_bucket(x.op.bucket, *region);
  if (!created) {
    // S3 answers 200 to the owner re-creating a bucket in us-east-1 (legacy behaviour documented
    // for CreateBucket); everywhere else BucketAlreadyOwnedByYou.
    bool legacy_ok = created.error().code == core::ErrorCode::kBucketAlreadyOwnedByYou &&
                     x.services.options.region == "us-east-1";
    if (!legacy_ok) return created.error().with("BucketName", x.op.bucket);
  }
  core::Response r;
  r.headers.push_back({"Location", "/" + x.op.bucket});
  return r;
}

}  // namespace

core::Result<core::Response> create_bucket(ExchangeState& x, std::string body) {
  return finish_create(x, body);
}

Started delete_bucket(ExchangeState& x) {
  auto r = x.services.backend.delete_bucket(x.op.bucket);
  if (!r) return answer(r.error().with("BucketName", x.op.bucket));
  core::Response response;
  response.status = 204;
  return answer(std::move(response));
}

Started head_bucket(ExchangeState& x) {
  auto bucket = x.services.backend.get_bucket(x.op.bucket);
  if (!bucket) return answer(bucket.error().with("BucketName", x.op.bucket));
  core::Response r;
  r.headers.push_back(
      {"x-amz-bucket-region", bucket->region.empty() ? std::string("us-east-1") : bucket->region});
  return answer(std::move(r));
}

Started get_bucket_location(ExchangeState& x) {
  auto bucket = x.services.backend.get_bucket(x.op.bucket);
  if (!bucket) return answer(bucket.error().with("BucketName", x.op.bucket));
  return answer(xml_response(xml::render_location(bucket->region)));
}

}  // namespace s3sandbox::app
