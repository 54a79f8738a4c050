#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::router {

std::string_view op_name(OpKind kind) {
  switch (kind) {
    case OpKind::kListBuckets:
      return "ListBuckets";
    case OpKind::kCreateBucket:
      return "CreateBucket";
    case OpKind::kDeleteBucket:
      return "DeleteBucket";
    case OpKind::kHeadBucket:
      return "HeadBucket";
    case OpKind::kGetBucketLocation:
      return "GetBucketLocation";
    case OpKind::kListObjects:
      return "ListObjects";
    case OpKind::kListObjectsV2:
      return "ListObjectsV2";
    case OpKind::kDeleteObjects:
      return "DeleteObjects";
    case OpKind::kListMultipartUploads:
      return "ListMultipartUploads";
    case OpKind::kGetBucketCors:
      return "GetBucketCors";
    case OpKind::kPutBucketCors:
      return "PutBucketCors";
    case OpKind::kDeleteBucketCors:
      return "DeleteBucketCors";
    case OpKind::kPostObject:
      return "PostObject";
    case OpKind::kPutObject:
      return "PutObject";
    case OpKind::kCopyObject:
      return "CopyObject";
    case OpKind::kGetObject:
      return "GetObject";
    case OpKind::kHeadObject:
      return "HeadObject";
    case OpKind::kDeleteObject:
      return "DeleteObject";
    case OpKind::kGetObjectAttributes:
      return "GetObjectAttributes";
    case OpKind::kCreateMultipartUpload:
      return "CreateMultipartUpload";
    case OpKind::kUploadPart:
      return "UploadPart";
    case OpKind::kUploadPartCopy:
      return "UploadPartCopy";
    case OpKind::kCompleteMultipartUpload:
      return "CompleteMultipartUpload";
    case OpKind::kAbortMultipartUpload:
      return "AbortMultipartUpload";
    case OpKind::kListParts:
      return "ListParts";
    case OpKind::kPreflight:
      return "PreflightRequest";
    case OpKind::kSandbox:
      return "Sandbox";
    case OpKind::kNotImplemented:
      return "NotImplemented";
  }
  return "Unknown";
}

const QueryParam* Operation::param(std::string_view name) const {
  for (const QueryParam& p : query) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace s3sandbox::router
