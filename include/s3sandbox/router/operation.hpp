// Operation: which S3 API call a request is, with its bucket and (decoded) key. Produced by the
// router from the method, Host header, path and query alone. Thread safety: plain values.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/query.hpp"

namespace s3sandbox::router {

enum class OpKind {
  // service
  kListBuckets,
  // bucket
  kCreateBucket,
  kDeleteBucket,
  kHeadBucket,
  kGetBucketLocation,
  kListObjects,
  kListObjectsV2,
  kDeleteObjects,
  kListMultipartUploads,
  kGetBucketCors,
  kPutBucketCors,
  kDeleteBucketCors,
  kPostObject,  // browser form upload (POST /bucket, multipart/form-data)
  // object
  kPutObject,
  kCopyObject,
  kGetObject,
  kHeadObject,
  kDeleteObject,
  kGetObjectAttributes,
  kCreateMultipartUpload,
  kUploadPart,
  kUploadPartCopy,
  kCompleteMultipartUpload,
  kAbortMultipartUpload,
  kListParts,
  // CORS preflight on any resource
  kPreflight,
  // the sandbox's own API under /_sandbox/
  kSandbox,
  // recognised S3 calls s3sandbox does not implement (answered NotImplemented)
  kNotImplemented,
};

std::string_view op_name(OpKind kind);  // "PutObject", ...

// A decoded query parameter, in received order (repeats kept); see core/query.hpp. The views
// point into Operation::query_text.
using QueryParam = core::QueryParam;

struct Operation {
  OpKind kind = OpKind::kNotImplemented;
  std::string bucket;         // empty for service-level calls
  std::string key;            // percent-decoded object key; empty for bucket-level calls
  bool virtual_host = false;  // bucket came from the Host header
  std::string sandbox_path;   // for kSandbox: the raw (undecoded) path after /_sandbox/
  // For kNotImplemented: the S3 sub-resource that named the unsupported call ("acl",
  // "tagging", ...), so the refusal can say which API s3sandbox lacks.
  std::string subresource;
  std::vector<QueryParam> query;
  // The decoded text of every name and value of `query`, in one buffer shared by copies of the
  // operation (a string per name and value was a tenth of a small GET's allocations).
  std::shared_ptr<const char[]> query_text;

  // The first value of a query parameter, if present.
  const QueryParam* param(std::string_view name) const;
};

}  // namespace s3sandbox::router
