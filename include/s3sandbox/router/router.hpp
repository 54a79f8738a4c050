// route(): RequestView -> Operation. Path-style (`/bucket/key`) and virtual-hosted style
// (`bucket.<domain>` Host, with `localhost` and configured domains) addressing; sub-resources in
// the query (`?uploads`, `uploadId`, `partNumber`, `list-type=2`, `?delete`, `?cors`,
// `?location`, `?attributes`, ...) and the `x-amz-copy-source` header pick the operation.
// Errors: InvalidURI (bad percent-encoding, NUL, invalid UTF-8), MethodNotAllowed, KeyTooLongError.
// Known but unsupported sub-resources are not errors here: they route to OpKind::kNotImplemented
// (with Operation::subresource set) so the app can authenticate first and then refuse.
// Bucket names are not validated (CreateBucket does that, see bucket_name.hpp). Pure; thread safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::router {

struct RouterOptions {
  // Domains under which `<bucket>.<domain>` Hosts mean virtual-hosted style, e.g. "localhost",
  // "s3.local". Compared without port.
  std::vector<std::string> virtual_host_domains = {"localhost"};
};

core::Result<Operation> route(const core::RequestView& request, const RouterOptions& options);

}  // namespace s3sandbox::router
