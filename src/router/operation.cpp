// The operations table as data: one OperationRow per row of S3SANDBOX_OPERATIONS, in table order
// and indexed by OpKind (the enum is generated from the same rows, so the index is the kind).
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::router {
namespace {

#define S3SANDBOX_OP_ROW(name, method, level, sub, when, body, integrity, iam, iam_version, \
                         handler)                                                           \
  OperationRow{OpKind::k##name,                                                             \
               #name,                                                                       \
               #method,                                                                     \
               Level::k##level,                                                             \
               sub,                                                                         \
               When::k##when,                                                               \
               BodyPolicy::k##body,                                                         \
               Integrity::k##integrity,                                                     \
               IamRule{iam, iam_version}},
constexpr OperationRow kRows[] = {S3SANDBOX_OPERATIONS(S3SANDBOX_OP_ROW)};
#undef S3SANDBOX_OP_ROW

constexpr bool rows_indexed_by_kind() {
  for (std::size_t i = 0; i < std::size(kRows); ++i) {
    if (static_cast<std::size_t>(kRows[i].kind) != i) return false;
  }
  return static_cast<std::size_t>(OpKind::kPreflight) == std::size(kRows);
}
static_assert(rows_indexed_by_kind(), "OpKind and the table rows must correspond one to one");

}  // namespace

std::span<const OperationRow> operation_rows() { return kRows; }

const OperationRow* operation_row(OpKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < std::size(kRows) ? &kRows[i] : nullptr;
}

std::string_view op_name(OpKind kind) {
  if (const OperationRow* row = operation_row(kind)) return row->name;
  switch (kind) {
    case OpKind::kPreflight:
      return "PreflightRequest";
    case OpKind::kSandbox:
      return "Sandbox";
    default:
      return "NotImplemented";
  }
}

std::string_view IamRule::for_request(const Operation& op) const {
  if (!with_version.empty() && op.param("versionId") != nullptr) return with_version;
  return action;
}

const QueryParam* Operation::param(std::string_view name) const {
  for (const QueryParam& p : query) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string_view Operation::iam_action() const {
  const OperationRow* row = operation_row(kind);
  return row ? row->iam.for_request(*this) : std::string_view();
}

}  // namespace s3sandbox::router
