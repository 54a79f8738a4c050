// The router's steps, each a pure function over plain values: where the request points
// (addressing) and which S3 call that is (dispatch). route() in router.cpp chains them with
// core::parse_query, which reads the query. Thread safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/router/operation.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::router::detail {

inline constexpr std::size_t kMaxKeyBytes = 1024;

// Where a request points, decoded. `service` is true for "/" with no bucket in the Host.
struct Address {
  bool service = false;
  bool sandbox = false;
  bool virtual_host = false;
  std::string bucket;
  std::string key;           // percent-decoded; empty for bucket-level requests
  std::string sandbox_path;  // raw, for sandbox requests
};

using router::host_without_port;  // public: router.hpp

// The bucket named by `host` under the longest matching domain, or "" when the Host is not
// virtual-hosted style.
std::string virtual_host_bucket(std::string_view host, const std::vector<std::string>& domains);

core::Result<Address> resolve_address(const core::RequestView& request,
                                      const RouterOptions& options);

// Picks the operation for an addressed request from its method, sub-resources and headers.
// Fills op.kind and, for unsupported sub-resources, op.subresource.
core::Result<void> pick_kind(const core::RequestView& request, Operation& op, bool service);

}  // namespace s3sandbox::router::detail
