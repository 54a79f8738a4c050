// route(): RequestView -> Operation. Path-style (`/bucket/key`) and virtual-hosted style
// (`bucket.<domain>` Host, with `localhost` and configured domains) addressing; the operation is
// the row of the operations table (operations.hpp) that the method, the sub-resource in the query
// (`?uploads`, `uploadId`, `?tagging`, ...), `list-type=2`, `id` and the `x-amz-copy-source`
// header select. Errors: InvalidURI (bad percent-encoding, NUL, invalid UTF-8), MethodNotAllowed
// (a method no row of that sub-resource takes), KeyTooLongError. Operations the table names but
// s3sandbox does not implement are not errors here: the app authenticates them, then answers
// 501 naming them; a sub-resource S3 defines only at the other level routes to
// OpKind::kNotImplemented (Operation::subresource set), never to GetObject.
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

// Lower-cased host name without port ("[::1]:9000" -> "[::1]", "B.localhost:80" -> "b.localhost"),
// as the router compares Hosts with domains (also the explainer's host checks).
std::string host_without_port(std::string_view host_header);

}  // namespace s3sandbox::router
