// Operation: which S3 API call a request is, with its bucket and (decoded) key. Produced by the
// router from the method, Host header, path and query alone. Thread safety: plain values.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/query.hpp"
#include "s3sandbox/router/operations.hpp"

namespace s3sandbox::router {

// One value per row of the operations table (operations.hpp), then the requests that are not S3
// operations.
// (clang-format cannot see that the macro expands to enumerators)
// clang-format off
enum class OpKind : std::uint8_t {
#define S3SANDBOX_OP_KIND(name, ...) k##name,
  S3SANDBOX_OPERATIONS(S3SANDBOX_OP_KIND)
#undef S3SANDBOX_OP_KIND
  kPreflight,  // a CORS preflight (OPTIONS) on any resource
  kSandbox,    // the sandbox's own API under /_sandbox/
  // A sub-resource S3 defines only at the other level (GET /b/k?versioning): refused as
  // NotImplemented after authentication, never answered with object bytes.
  kNotImplemented,
};
// clang-format on

std::string_view op_name(OpKind kind);  // "PutObject", ... from the table

enum class Level : std::uint8_t { kService, kBucket, kObject };
// The operations table's WHEN column (see operations.hpp).
enum class When : std::uint8_t {
  kAlways,
  kCopySource,    // an x-amz-copy-source header
  kNoCopySource,  // no x-amz-copy-source header
  kListTypeV2,    // list-type=2
  kWithId,        // an id parameter (Get...Configuration vs List...Configurations)
  kWithoutId,
};
enum class BodyPolicy : std::uint8_t { kNone, kXml, kStream };
// The operations table's INTEGRITY column (see operations.hpp).
enum class Integrity : std::uint8_t { kOptional, kRequired, kObjectChecksum };

struct Operation;

// The IAM action a request is authorised as: a rule, not a string, because a versionId turns
// s3:GetObject into s3:GetObjectVersion (and so on).
struct IamRule {
  std::string_view action;
  std::string_view with_version;  // empty: the same action with or without versionId
  std::string_view for_request(const Operation& op) const;
};

// A row of the operations table, as data (the handler column belongs to the app).
struct OperationRow {
  OpKind kind;
  std::string_view name;
  std::string_view method;
  Level level;
  std::string_view subresource;  // "" when no sub-resource selects it
  When when;
  BodyPolicy body;
  Integrity integrity;
  IamRule iam;
};

// Every row, in table order; row(kind) is the row of an S3 operation, nullptr for kPreflight,
// kSandbox and kNotImplemented.
std::span<const OperationRow> operation_rows();
const OperationRow* operation_row(OpKind kind);

// A decoded query parameter, in received order (repeats kept); see core/query.hpp. The views
// point into Operation::query_text.
using QueryParam = core::QueryParam;

struct Operation {
  OpKind kind = OpKind::kNotImplemented;
  std::string bucket;         // empty for service-level calls
  std::string key;            // percent-decoded object key; empty for bucket-level calls
  bool virtual_host = false;  // bucket came from the Host header
  std::string sandbox_path;   // for kSandbox: the raw (undecoded) path after /_sandbox/
  // The sub-resource that selected the operation ("tagging", ...), "" for none; for
  // kNotImplemented the one that S3 defines at the other level.
  std::string subresource;
  std::vector<QueryParam> query;
  // The decoded text of every name and value of `query`, in one buffer shared by copies of the
  // operation (a string per name and value was a tenth of a small GET's allocations).
  std::shared_ptr<const char[]> query_text;

  // The first value of a query parameter, if present.
  const QueryParam* param(std::string_view name) const;
  // The IAM action this request is authorised as ("" for preflights and the sandbox's API).
  std::string_view iam_action() const;
};

}  // namespace s3sandbox::router
