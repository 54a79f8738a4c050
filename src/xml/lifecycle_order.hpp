// The checks S3 makes across the actions of one lifecycle rule, once each action is valid on
// its own: an expiration comes after every transition (Days after Days, Date after Date, for
// current and for noncurrent versions), and a rule's Expiration and Transitions are all
// Days-based or all Date-based. Pure; used by parse_lifecycle_configuration.
#pragma once

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/xml/lifecycle.hpp"

namespace s3sandbox::xml::detail {

core::Result<void> check_action_order(const LifecycleRule& rule);

}  // namespace s3sandbox::xml::detail
