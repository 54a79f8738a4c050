// The access-control operations' handlers (access_ops.cpp), in handlers.hpp's two shapes. Their
// rows in router/operations.hpp still name not_implemented: app/dispatch.cpp runs these first
// (see dispatch_access there). Switching the rows means: BODY Xml for the Put* calls, INTEGRITY
// Required for all five Put* calls (S3 requires a checksum on each),
// the handler names below, and moving these declarations into handlers.hpp.
#pragma once

#include <string>

#include "exchange_state.hpp"

namespace s3sandbox::app {

Started get_bucket_ownership_controls(ExchangeState& x);
core::Result<core::Response> put_bucket_ownership_controls(ExchangeState& x, std::string body);
Started delete_bucket_ownership_controls(ExchangeState& x);
Started get_public_access_block(ExchangeState& x);
core::Result<core::Response> put_public_access_block(ExchangeState& x, std::string body);
Started delete_public_access_block(ExchangeState& x);
Started get_bucket_acl(ExchangeState& x);
core::Result<core::Response> put_bucket_acl(ExchangeState& x, std::string body);
Started get_object_acl(ExchangeState& x);
core::Result<core::Response> put_object_acl(ExchangeState& x, std::string body);
Started get_bucket_policy(ExchangeState& x);
core::Result<core::Response> put_bucket_policy(ExchangeState& x, std::string body);
Started delete_bucket_policy(ExchangeState& x);
Started get_bucket_policy_status(ExchangeState& x);

}  // namespace s3sandbox::app
