// Bucket-level operations: ListBuckets, CreateBucket, DeleteBucket, HeadBucket,
// GetBucketLocation.
#include "access_model.hpp"
#include "accounts.hpp"
#include "handlers.hpp"
#include "respond.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/router/bucket_name.hpp"
#include "s3sandbox/xml/access_control.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

// The owner shown in listings: the bucket's owner for a bucket's listings (Object Ownership
// BucketOwnerEnforced; per-writer owners under ObjectWriter are simplified to the bucket owner),
// the requester's account for ListBuckets. Never the requester of another account's bucket.
xml::Owner owner_of(const ExchangeState& x) {
  std::string key = x.auth.access_key;
  if (!x.op.bucket.empty()) {
    auto settings = x.services.backend.get_bucket_settings(x.op.bucket);
    key = bucket_owner_key(settings ? *settings : storage::BucketSettings{},
                           x.services.auth.options().credentials);
  }
  if (key.empty()) key = "anonymous";
  const Account a = account_of(key);
  return {a.canonical_id, a.display_name};
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
  // Object Ownership and the bucket ACL, checked before anything is created.
  Ownership ownership = Ownership::kBucketOwnerEnforced;
  std::string ownership_doc;
  if (auto o = x.request.header("x-amz-object-ownership")) {
    auto parsed = xml::parse_ownership_controls("<OwnershipControls><Rule><ObjectOwnership>" +
                                                std::string(*o) +
                                                "</ObjectOwnership></Rule></OwnershipControls>");
    if (!parsed) {
      return core::S3Error(core::ErrorCode::kInvalidArgument,
                           "Invalid x-amz-object-ownership header")
          .with("ArgumentName", "x-amz-object-ownership")
          .with("ArgumentValue", std::string(*o))
          .because(
              "x-amz-object-ownership is BucketOwnerEnforced, BucketOwnerPreferred or "
              "ObjectWriter");
    }
    ownership_doc = *parsed;
    ownership = ownership_doc == "ObjectWriter"           ? Ownership::kObjectWriter
                : ownership_doc == "BucketOwnerPreferred" ? Ownership::kBucketOwnerPreferred
                                                          : Ownership::kBucketOwnerEnforced;
  }
  const auth::CredentialStore& credentials = x.services.auth.options().credentials;
  const std::string creator = x.auth.access_key;
  const std::string owner_id = canonical_id_of(
      creator.empty() ? bucket_owner_key(storage::BucketSettings{}, credentials) : creator);
  auto acl = acl_from_headers(x.request, owner_id, owner_id, true);
  if (!acl) return acl.error();
  if (*acl) {
    // A new bucket has every Block Public Access setting on.
    if (auto ok = check_acl_allowed(**acl, ownership, xml::PublicAccessBlockConfig{},
                                    AclUse::kCreateBucket, owner_id);
        !ok) {
      return ok.error();
    }
  }
  auto created = x.services.backend.create_bucket(x.op.bucket, *region);
  if (!created) {
    if (created.error().code == core::ErrorCode::kBucketAlreadyOwnedByYou) {
      // Another account's bucket: the name is taken (accounts, issue #17 part 9).
      auto settings = x.services.backend.get_bucket_settings(x.op.bucket);
      const std::string owner =
          bucket_owner_key(settings ? *settings : storage::BucketSettings{}, credentials);
      if (!creator.empty() && owner != creator) {
        return core::S3Error(core::ErrorCode::kBucketAlreadyExists)
            .with("BucketName", x.op.bucket)
            .because("bucket names are global: '" + x.op.bucket + "' belongs to account " +
                     account_of(owner).account_id + " (access key " + owner +
                     "); choose another name");
      }
    }
    // S3 answers 200 to the owner re-creating a bucket in us-east-1 (legacy behaviour documented
    // for CreateBucket); everywhere else BucketAlreadyOwnedByYou.
    bool legacy_ok = created.error().code == core::ErrorCode::kBucketAlreadyOwnedByYou &&
                     x.services.options.region == "us-east-1";
    if (!legacy_ok) return created.error().with("BucketName", x.op.bucket);
    core::Response r;
    r.headers.push_back({"Location", "/" + x.op.bucket});
    return r;
  }
  // The owner (the creating account), then what the request asked for.
  std::vector<std::pair<std::string, std::string>> documents;
  if (!creator.empty()) documents.emplace_back("owner", creator);
  if (!ownership_doc.empty()) documents.emplace_back("ownership", ownership_doc);
  if (*acl && ownership != Ownership::kBucketOwnerEnforced) {
    documents.emplace_back("acl", encode_grants((*acl)->grants));
  }
  for (const auto& [name, document] : documents) {
    if (auto put = x.services.backend.put_bucket_setting(x.op.bucket, name, document); !put) {
      (void)x.services.backend.delete_bucket(x.op.bucket);  // nothing half-made
      return put.error().with("BucketName", x.op.bucket);
    }
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
