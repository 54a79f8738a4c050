// What a matched fault rule (app/faults.hpp) does to one exchange, in the application's terms:
// the request it is matched on, the S3 error it injects, the marks and transport effects on the
// response, and the effects on the request body. Application::start() wires them in.
#pragma once

#include "exchange_state.hpp"
#include "s3sandbox/app/faults.hpp"
#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::app {

// The request as the rules see it. Views into `x`.
FaultRequest fault_request(const ExchangeState& x);

// The injected error, with a diagnosis naming the rule and how to remove it.
core::S3Error fault_error(const AppliedFault& fault);

// Marks `response` as faulted (x-s3sandbox-fault) and adds the rule's delay and response-body
// effects; an error response gets the rule's status when it names one.
void mark_faulted(core::Response& response, const AppliedFault& fault, bool injected_error);

// The rule's effects on the request body (throttle, reset-after), none when it acts on the
// response only.
core::BodyImpairment request_impairment(const FaultAction& action);

}  // namespace s3sandbox::app
