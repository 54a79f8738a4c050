// Method + sub-resource (+ x-amz-copy-source) -> OpKind, per the S3 API reference's request
// syntax for each operation. A sub-resource used with a method S3 does not define for it is
// MethodNotAllowed (405), with S3's <Method> and <ResourceType> fields.
#include <algorithm>

#include "internal.hpp"

namespace s3sandbox::router::detail {
namespace {

// S3 sub-resources of calls s3sandbox does not implement. A request carrying one is routed to
// kNotImplemented rather than, say, silently treated as GetObject (GET /b/k?acl must never
// return the object bytes).
// clang-format off
constexpr std::string_view kUnsupportedSubresources[] = {
    "accelerate", "acl", "analytics", "encryption", "intelligent-tiering", "inventory",
    "legal-hold", "lifecycle", "logging", "metadataTable", "metrics", "notification",
    "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock",
    "renameObject", "replication", "requestPayment", "restore", "retention", "select",
    "session", "tagging", "torrent", "versioning", "versions", "website",
};
// clang-format on

constexpr std::string_view kMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS"};

core::S3Error method_not_allowed(const core::RequestView& request, std::string_view resource,
                                 std::string why) {
  return core::S3Error(core::ErrorCode::kMethodNotAllowed)
      .with("Method", request.method)
      .with("ResourceType", std::string(resource))
      .because(std::move(why));
}

bool has(const Operation& op, std::string_view name) { return op.param(name) != nullptr; }

core::Result<OpKind> bucket_kind(const core::RequestView& r, const Operation& op) {
  const std::string& m = r.method;
  auto only = [&](std::string_view sub, std::string_view method,
                  OpKind kind) -> core::Result<OpKind> {
    if (m == method) return kind;
    return method_not_allowed(
        r, "BUCKET",
        "?" + std::string(sub) + " on a bucket takes " + std::string(method) + ", not " + m);
  };
  if (has(op, "cors")) {
    if (m == "PUT") return OpKind::kPutBucketCors;
    if (m == "GET") return OpKind::kGetBucketCors;
    if (m == "DELETE") return OpKind::kDeleteBucketCors;
    return method_not_allowed(r, "BUCKET", "?cors takes GET, PUT or DELETE");
  }
  if (has(op, "location")) return only("location", "GET", OpKind::kGetBucketLocation);
  if (has(op, "uploads")) return only("uploads", "GET", OpKind::kListMultipartUploads);
  if (has(op, "delete")) return only("delete", "POST", OpKind::kDeleteObjects);
  if (m == "PUT") return OpKind::kCreateBucket;
  if (m == "DELETE") return OpKind::kDeleteBucket;
  if (m == "HEAD") return OpKind::kHeadBucket;
  if (m == "POST") return OpKind::kPostObject;
  // GET: only list-type=2 selects V2; absent or any other value is ListObjects (V1).
  const QueryParam* list_type = op.param("list-type");
  return list_type && list_type->value == "2" ? OpKind::kListObjectsV2 : OpKind::kListObjects;
}

core::Result<OpKind> object_kind(const core::RequestView& r, const Operation& op) {
  const std::string& m = r.method;
  const bool copy = r.has_header("x-amz-copy-source");
  if (has(op, "uploadId")) {
    // partNumber is validated by the handler (InvalidArgument), as S3 does.
    if (m == "PUT") return copy ? OpKind::kUploadPartCopy : OpKind::kUploadPart;
    if (m == "GET") return OpKind::kListParts;
    if (m == "DELETE") return OpKind::kAbortMultipartUpload;
    if (m == "POST") return OpKind::kCompleteMultipartUpload;
    return method_not_allowed(r, "OBJECT", "?uploadId takes PUT, GET, POST or DELETE");
  }
  if (has(op, "uploads")) {
    if (m == "POST") return OpKind::kCreateMultipartUpload;
    return method_not_allowed(r, "OBJECT", "?uploads on an object takes POST");
  }
  if (has(op, "attributes")) {
    if (m == "GET") return OpKind::kGetObjectAttributes;
    return method_not_allowed(r, "OBJECT", "?attributes takes GET");
  }
  if (m == "PUT") return copy ? OpKind::kCopyObject : OpKind::kPutObject;
  if (m == "GET") return OpKind::kGetObject;
  if (m == "HEAD") return OpKind::kHeadObject;
  if (m == "DELETE") return OpKind::kDeleteObject;
  return method_not_allowed(r, "OBJECT",
                            "POST to an object URL needs ?uploads or ?uploadId; browser form "
                            "uploads POST to the bucket URL");
}

}  // namespace

core::Result<void> pick_kind(const core::RequestView& request, Operation& op, bool service) {
  const std::string& m = request.method;
  if (std::find(std::begin(kMethods), std::end(kMethods), m) == std::end(kMethods)) {
    return method_not_allowed(request,
                              service          ? "SERVICE"
                              : op.key.empty() ? "BUCKET"
                                               : "OBJECT",
                              "S3 has no operation for the HTTP method '" + m + "'");
  }
  if (m == "OPTIONS") {
    op.kind = OpKind::kPreflight;
    return {};
  }
  if (service) {
    if (m == "GET") {
      op.kind = OpKind::kListBuckets;
      return {};
    }
    return method_not_allowed(request, "SERVICE", "the service endpoint '/' takes only GET");
  }
  for (const QueryParam& p : op.query) {
    // No sub-resource starts like the signature's parameters (X-Amz-*), which are most of a
    // presigned URL's query: skip the list for them.
    if (p.name.size() > 6 && (p.name[0] == 'X' || p.name[0] == 'x') && p.name[1] == '-') continue;
    auto hit =
        std::find(std::begin(kUnsupportedSubresources), std::end(kUnsupportedSubresources), p.name);
    if (hit != std::end(kUnsupportedSubresources)) {
      op.kind = OpKind::kNotImplemented;
      op.subresource = p.name;
      return {};
    }
  }
  auto kind = op.key.empty() ? bucket_kind(request, op) : object_kind(request, op);
  if (!kind) return kind.error();
  op.kind = *kind;
  return {};
}

}  // namespace s3sandbox::router::detail
