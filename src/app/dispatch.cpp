#include "dispatch.hpp"

#include <optional>

#include "access_handlers.hpp"
#include "handlers.hpp"
#include "xml_body.hpp"

namespace s3sandbox::app {
namespace {

using router::BodyPolicy;
using router::OpKind;
using PlainHandler = Started (*)(ExchangeState& x);

// How a row's handler is run, by its BODY column. A handler whose signature does not fit its
// row's BODY fails to compile here.
template <BodyPolicy>
struct Run;
template <>
struct Run<BodyPolicy::kNone> {
  static Started call(ExchangeState& x, PlainHandler h) { return h(x); }
};
template <>
struct Run<BodyPolicy::kStream> {
  static Started call(ExchangeState& x, PlainHandler h) { return h(x); }
};
template <>
struct Run<BodyPolicy::kXml> {
  static Started call(ExchangeState& x, XmlHandler h) {
    return read_xml_document(x, *router::operation_row(x.op.kind), h);
  }
};

// Access control's operations (access_handlers.hpp). Their rows still name not_implemented with
// BODY None: the table's header is included by nearly every file, and the shared build machine
// could not rebuild the tree the day they were added. Until the rows are switched (BODY Xml,
// INTEGRITY as below, the handler names), this switch runs them first, in the row's terms.
std::optional<Started> dispatch_access(ExchangeState& x) {
  const auto xml = [&x](router::Integrity integrity, XmlHandler handler) {
    router::OperationRow row = *router::operation_row(x.op.kind);
    row.body = BodyPolicy::kXml;
    row.integrity = integrity;
    return read_xml_document(x, row, handler);
  };
  using router::Integrity;
  switch (x.op.kind) {
    case OpKind::kGetBucketAcl:
      return get_bucket_acl(x);
    case OpKind::kPutBucketAcl:
      return xml(Integrity::kRequired, &put_bucket_acl);
    case OpKind::kGetObjectAcl:
      return get_object_acl(x);
    case OpKind::kPutObjectAcl:
      return xml(Integrity::kRequired, &put_object_acl);
    case OpKind::kGetBucketOwnershipControls:
      return get_bucket_ownership_controls(x);
    case OpKind::kPutBucketOwnershipControls:
      return xml(Integrity::kRequired, &put_bucket_ownership_controls);
    case OpKind::kDeleteBucketOwnershipControls:
      return delete_bucket_ownership_controls(x);
    case OpKind::kGetPublicAccessBlock:
      return get_public_access_block(x);
    case OpKind::kPutPublicAccessBlock:
      return xml(Integrity::kRequired, &put_public_access_block);
    case OpKind::kDeletePublicAccessBlock:
      return delete_public_access_block(x);
    case OpKind::kGetBucketPolicy:
      return get_bucket_policy(x);
    case OpKind::kPutBucketPolicy:
      return xml(Integrity::kRequired, &put_bucket_policy);
    case OpKind::kDeleteBucketPolicy:
      return delete_bucket_policy(x);
    case OpKind::kGetBucketPolicyStatus:
      return get_bucket_policy_status(x);
    default:
      return std::nullopt;
  }
}

}  // namespace

Started not_implemented(ExchangeState& x) {
  std::string what;
  if (x.op.kind == OpKind::kNotImplemented) {
    what = "the ?" + x.op.subresource + " sub-resource on " +
           (x.op.key.empty() ? "a bucket (S3 defines it for objects)"
                             : "an object (S3 defines it for buckets)");
  } else {
    what = std::string(router::op_name(x.op.kind));
    if (!x.op.subresource.empty()) what += " (?" + x.op.subresource + ")";
  }
  return answer(core::S3Error(core::ErrorCode::kNotImplemented)
                    .because(what + " is not implemented by s3sandbox yet"));
}

Started dispatch(ExchangeState& x) {
  if (auto access = dispatch_access(x)) return std::move(*access);
  switch (x.op.kind) {
#define S3SANDBOX_DISPATCH(name, method, level, sub, when, body, integrity, iam, iam_version, \
                           handler)                                                           \
  case OpKind::k##name:                                                                       \
    return Run<BodyPolicy::k##body>::call(x, &handler);
    S3SANDBOX_OPERATIONS(S3SANDBOX_DISPATCH)
#undef S3SANDBOX_DISPATCH
    case OpKind::kPreflight:
    case OpKind::kSandbox:
    case OpKind::kNotImplemented:
      break;
  }
  return not_implemented(x);
}

}  // namespace s3sandbox::app
