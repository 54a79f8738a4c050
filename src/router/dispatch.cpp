// Method + sub-resource (+ x-amz-copy-source, list-type, id) -> OpKind, read from the operations
// table (operations.hpp): the first sub-resource of the request's level, in table order, picks
// the rows to choose from; without one, the rows without a sub-resource. The first row whose
// method and WHEN condition match wins. A sub-resource used with a method S3 does not define
// for it is MethodNotAllowed (405), with S3's <Method> and <ResourceType> fields.
#include <algorithm>
#include <array>

#include "internal.hpp"

namespace s3sandbox::router::detail {
namespace {

constexpr std::string_view kMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS"};

// The distinct sub-resources of each level, in table order, built once from the table.
using SubresourcesByLevel = std::array<std::vector<std::string_view>, 3>;
const SubresourcesByLevel& subresources_by_level() {
  static const SubresourcesByLevel by_level = [] {
    SubresourcesByLevel out;
    for (const OperationRow& row : operation_rows()) {
      auto& list = out[static_cast<std::size_t>(row.level)];
      if (!row.subresource.empty() &&
          std::find(list.begin(), list.end(), row.subresource) == list.end()) {
        list.push_back(row.subresource);
      }
    }
    return out;
  }();
  return by_level;
}

std::string_view resource_type(Level level) {
  switch (level) {
    case Level::kService:
      return "SERVICE";
    case Level::kBucket:
      return "BUCKET";
    case Level::kObject:
      return "OBJECT";
  }
  return "OBJECT";
}

core::S3Error method_not_allowed(const core::RequestView& request, Level level, std::string why) {
  return core::S3Error(core::ErrorCode::kMethodNotAllowed)
      .with("Method", request.method)
      .with("ResourceType", std::string(resource_type(level)))
      .because(std::move(why));
}

bool when_holds(When when, const core::RequestView& r, const Operation& op) {
  switch (when) {
    case When::kAlways:
      return true;
    case When::kCopySource:
      return r.has_header("x-amz-copy-source");
    case When::kNoCopySource:
      return !r.has_header("x-amz-copy-source");
    case When::kListTypeV2: {
      // Only list-type=2 selects V2; absent or any other value is ListObjects (V1).
      const QueryParam* list_type = op.param("list-type");
      return list_type != nullptr && list_type->value == "2";
    }
    case When::kWithId:
      return op.param("id") != nullptr;
    case When::kWithoutId:
      return op.param("id") == nullptr;
  }
  return false;
}

// The query parameters that may name a sub-resource: a presigned URL's query is mostly the
// signature's X-Amz-* parameters, which no sub-resource starts like.
bool may_be_subresource(std::string_view name) {
  return !(name.size() > 6 && (name[0] == 'X' || name[0] == 'x') && name[1] == '-');
}

// The first sub-resource of `level`, in table order, that the query names; "" when none.
std::string_view find_subresource(const Operation& op, Level level) {
  bool any = false;
  for (const QueryParam& p : op.query) any = any || may_be_subresource(p.name);
  if (!any) return {};
  for (std::string_view sub : subresources_by_level()[static_cast<std::size_t>(level)]) {
    if (op.param(sub) != nullptr) return sub;
  }
  return {};
}

std::string methods_taking(Level level, std::string_view sub) {
  std::vector<std::string_view> methods;
  for (const OperationRow& row : operation_rows()) {
    if (row.level == level && row.subresource == sub &&
        std::find(methods.begin(), methods.end(), row.method) == methods.end()) {
      methods.push_back(row.method);
    }
  }
  std::string out;
  for (std::size_t i = 0; i < methods.size(); ++i) {
    if (i > 0) out += i + 1 == methods.size() ? " or " : ", ";
    out += methods[i];
  }
  return out;
}

core::Result<OpKind> pick_row(const core::RequestView& r, const Operation& op, Level level) {
  std::string_view sub = find_subresource(op, level);
  for (const OperationRow& row : operation_rows()) {
    if (row.level == level && row.subresource == sub && row.method == r.method &&
        when_holds(row.when, r, op)) {
      return row.kind;
    }
  }
  if (!sub.empty()) {
    return method_not_allowed(r, level,
                              "?" + std::string(sub) + " on " +
                                  (level == Level::kBucket ? "a bucket" : "an object") + " takes " +
                                  methods_taking(level, sub) + ", not " + r.method);
  }
  if (level == Level::kService) {
    return method_not_allowed(r, level, "the service endpoint '/' takes only GET");
  }
  if (level == Level::kObject && r.method == "POST") {
    return method_not_allowed(r, level,
                              "POST to an object URL needs ?uploads or ?uploadId; browser form "
                              "uploads POST to the bucket URL");
  }
  return method_not_allowed(r, level, "S3 has no " + r.method + " operation on this resource");
}

}  // namespace

core::Result<void> pick_kind(const core::RequestView& request, Operation& op, bool service) {
  const std::string& m = request.method;
  const Level level = service ? Level::kService : op.key.empty() ? Level::kBucket : Level::kObject;
  if (std::find(std::begin(kMethods), std::end(kMethods), m) == std::end(kMethods)) {
    return method_not_allowed(request, level,
                              "S3 has no operation for the HTTP method '" + m + "'");
  }
  if (m == "OPTIONS") {
    op.kind = OpKind::kPreflight;
    return {};
  }
  if (level != Level::kService && find_subresource(op, level).empty()) {
    // A sub-resource S3 defines only at the other level must never fall through to, say,
    // GetObject (GET /b/k?versioning must not return the object bytes).
    Level other = level == Level::kBucket ? Level::kObject : Level::kBucket;
    if (std::string_view sub = find_subresource(op, other); !sub.empty()) {
      op.kind = OpKind::kNotImplemented;
      op.subresource = sub;
      return {};
    }
  }
  auto kind = pick_row(request, op, level);
  if (!kind) return kind.error();
  op.kind = *kind;
  op.subresource = operation_row(*kind)->subresource;
  return {};
}

}  // namespace s3sandbox::router::detail
