// Application: the S3 server logic behind the HTTP seam. For each request: route it, answer the
// sandbox's own API, authenticate, then dispatch to the handler of the operation, which either
// answers at once or returns a consumer for the body. Every S3Error becomes S3's XML error
// response here, in one place, with x-amz-request-id, Date and Server on every response.
// Thread safety: start() is called concurrently from the HTTP worker threads; the Application is
// immutable after construction apart from the thread-safe services it points to.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "s3sandbox/app/cors_mode.hpp"
#include "s3sandbox/app/exchange_record.hpp"
#include "s3sandbox/app/warnings.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/router/operation.hpp"
#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::app {

struct AppOptions {
  std::string region = "us-east-1";
  std::vector<std::string> virtual_host_domains = {"localhost"};
  bool access_log = true;
  std::uint64_t max_single_put = 5ull * 1024 * 1024 * 1024;  // S3's 5 GiB PutObject limit
  std::uint64_t max_part_size = 5ull * 1024 * 1024 * 1024;   // and UploadPart limit
  std::uint64_t min_part_size = 5ull * 1024 * 1024;          // EntityTooSmall below, but the last
  CorsMode cors = CorsMode::kPermissive;
  // S3 refuses SSE-C keys over plain HTTP; the sandbox can accept them (--allow-ssec-over-http).
  bool allow_ssec_over_http = false;
  // --messages s3: <Message> is S3's exact text. By default a diagnosis is also appended to it
  // ("... [s3sandbox: why]"), because SDKs and the aws CLI print the message, not <Diagnosis>.
  bool s3_messages = false;
};

// The sandbox's own API (/_sandbox/...), implemented by the control module.
// The application gives it the request once routed (no S3 authentication: it has its own
// access rule), collects the body when start() asks for it, and adds the common headers.
// A control answer: now, or later (a long-poll: core::DeferredResponse).
using SandboxAnswer = std::variant<core::Response, std::shared_ptr<core::DeferredResponse>>;

class SandboxApi {
 public:
  virtual ~SandboxApi() = default;
  // The answer now or later (a refusal, or a request without a body), or nullopt: read the body,
  // at most max_body() bytes, then call handle() with it.
  virtual std::optional<SandboxAnswer> start(const core::RequestView& request,
                                             const router::Operation& op) = 0;
  virtual core::Response handle(const core::RequestView& request, const router::Operation& op,
                                std::string_view body) = 0;
  virtual std::size_t max_body() const = 0;
};

class FaultInjector;
class EventSink;
class LifecycleEvaluator;

class Application final : public core::RequestHandler {
 public:
  Application(AppOptions options, storage::Backend& backend, const auth::Authenticator& auth,
              const core::Clock& clock);
  ~Application() override;

  void set_sandbox_api(SandboxApi* api) { sandbox_ = api; }
  // What real S3 would refuse but was let through (warnings.hpp).
  const WarningBook& warnings() const;
  // Told about every finished S3 exchange (the request journal); null: nothing is gathered.
  // Set before the server starts.
  void set_exchange_observer(ExchangeObserver* observer) { observer_ = observer; }
  // The fault rules (app/faults.hpp) every authenticated S3 request is matched against; none
  // when null. The injector must outlive the application.
  void set_fault_injector(FaultInjector* faults) { faults_ = faults; }
  // Where object and configuration events go (event notifications); before the server starts.
  void set_event_sink(EventSink* sink);
  // Runs lifecycle rules on reads and listings (lifecycle_evaluator.hpp); before the server starts.
  void set_lifecycle(LifecycleEvaluator* lifecycle);

  core::StartResult start(const core::RequestView& request) override;
  void on_complete(const core::RequestView& request, const core::Completion& done) override;
  core::Response on_protocol_error(int status, std::string_view code,
                                   std::string_view message) override;

 private:
  void record(const core::RequestView& request, const core::Completion& done,
              std::string_view redacted_target) const;

  struct Services;
  std::unique_ptr<Services> services_;
  SandboxApi* sandbox_ = nullptr;
  ExchangeObserver* observer_ = nullptr;
  FaultInjector* faults_ = nullptr;
};

}  // namespace s3sandbox::app
