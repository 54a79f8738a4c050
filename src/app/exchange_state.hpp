// ExchangeState: everything a handler knows about one request once it has been routed and
// authenticated. Owned by the exchange (it outlives body streaming); handlers take it by
// reference. Services: the shared, thread-safe collaborators of all handlers.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "s3sandbox/app/application.hpp"
#include "s3sandbox/app/event_sink.hpp"
#include "s3sandbox/app/exchange_record.hpp"
#include "s3sandbox/app/lifecycle_evaluator.hpp"
#include "s3sandbox/app/warnings.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::app {

struct Services {
  AppOptions options;
  storage::Backend& backend;
  const auth::Authenticator& auth;
  const core::Clock& clock;
  std::string host_id;   // x-amz-id-2, fixed per server
  WarningBook warnings;  // what would fail on real S3 but was let through
  EventSink* events;     // event notifications (object_events.hpp); null: none
  // Lifecycle rules' evaluator (expiring on read, listing); null: rules are never run.
  LifecycleEvaluator* lifecycle = nullptr;
};

struct ExchangeState {
  // The server's view of the request, which it keeps until the exchange ends (see
  // RequestHandler::start); a copy of every header per request was 1 % of a small GET.
  const core::RequestView& request;
  router::Operation op;
  auth::AuthResult auth;
  std::string request_id;
  Services& services;
  // What the request journal will record of this exchange; null when no journal observes. A
  // handler adds what only it learns (a form upload's access key; an injected fault:
  // facts->set_fault(...)).
  ExchangeFacts* facts = nullptr;
};

// A body consumer in the app's own terms: errors are values, turned into XML by the caller.
class OpConsumer {
 public:
  virtual ~OpConsumer() = default;
  virtual core::Result<void> on_body(std::span<const char> bytes) = 0;
  virtual core::Result<core::Response> on_end() = 0;
};

// What a handler decides from the header: an answer now, or a consumer for the body.
struct Started {
  core::Result<core::Response> response = core::Response{};
  std::unique_ptr<OpConsumer> consumer;
};

inline Started answer(core::Result<core::Response> r) { return Started{std::move(r), nullptr}; }
inline Started consume(std::unique_ptr<OpConsumer> c) {
  return Started{core::Response{}, std::move(c)};
}

}  // namespace s3sandbox::app
