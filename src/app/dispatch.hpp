// dispatch(): runs the handler of a routed, authenticated request, as the operations table
// (router/operations.hpp) says: BODY None and Stream handlers get the exchange and answer or
// return their own body consumer; BODY Xml handlers get the collected, integrity-checked
// document. Calls the table names but s3sandbox does not implement answer 501 NotImplemented.
#pragma once

#include "exchange_state.hpp"

namespace s3sandbox::app {

Started dispatch(ExchangeState& x);

}  // namespace s3sandbox::app
