#include "s3sandbox/router/router.hpp"

#include "internal.hpp"
#include "s3sandbox/core/query.hpp"

namespace s3sandbox::router {

core::Result<Operation> route(const core::RequestView& request, const RouterOptions& options) {
  auto address = detail::resolve_address(request, options);
  if (!address) return address.error();
  // Parsed once, here: authentication reads these parameters too (auth::AuthContext::query).
  auto query = core::parse_query(request.query);
  if (!query) return query.error();

  Operation op;
  op.query = std::move(query->params);
  op.query_text = std::move(query->text);
  op.virtual_host = address->virtual_host;
  if (address->sandbox) {
    op.kind = OpKind::kSandbox;
    op.sandbox_path = std::move(address->sandbox_path);
    return op;
  }
  op.bucket = std::move(address->bucket);
  op.key = std::move(address->key);
  if (auto picked = detail::pick_kind(request, op, address->service); !picked) {
    return picked.error();
  }
  return op;
}

}  // namespace s3sandbox::router
