#include "dispatch.hpp"

#include <optional>

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
