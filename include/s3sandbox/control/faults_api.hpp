// Fault injection's endpoints (the rules: app/faults.hpp):
//   POST   /_sandbox/faults        a rule as JSON, with the --fault keys as members
//                                  ({"operation":"UploadPart","part":2,"times":1,
//                                  "error":"InternalError"}), or {"spec":"operation=...,..."};
//                                  201 with the rule as listed; 400 InvalidFaultRule saying why
//   GET    /_sandbox/faults        {"faults":[rule...]}, each with "id", "spec", its keys, "hits"
//                                  (requests it was applied to), "remaining" (of times; null
//                                  when unlimited) and "active"
//   GET    /_sandbox/faults/{id}   one rule; 404 NoSuchFault
//   DELETE /_sandbox/faults/{id}   removes it: {"deleted":[id]}; 404 NoSuchFault
//   DELETE /_sandbox/faults        removes every rule: {"deleted":N}
// Thread safety: the handlers are; the injector locks.
#pragma once

#include <boost/json/object.hpp>

#include "s3sandbox/app/faults.hpp"
#include "s3sandbox/control/routes.hpp"

namespace s3sandbox::control {

void add_fault_routes(ControlRoutes& routes, app::FaultInjector& faults);

// A rule as the API lists it.
boost::json::object fault_to_json(const app::FaultRuleState& state);

}  // namespace s3sandbox::control
