#include "s3sandbox/app/application.hpp"

#include <charconv>
#include <sstream>

#include "authorize.hpp"
#include "bucket_hint.hpp"
#include "cors.hpp"
#include "dispatch.hpp"
#include "exchange_facts.hpp"
#include "fault_effects.hpp"
#include "header_policy.hpp"
#include "respond.hpp"
#include "s3sandbox/app/exchange_record.hpp"
#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::app {
namespace {

using router::OpKind;

// Text for the access log: who was authenticated how, or why not.
std::string auth_note(const auth::AuthResult& a) {
  std::string note = a.scheme;
  if (!a.access_key.empty()) note += " " + a.access_key;
  if (a.warning) note += " (auth warning: " + std::string(a.warning->info().code) + ")";
  return note;
}

// A request let through that S3 would refuse, or signed in a way S3 is phasing out, goes into
// the warnings summary (app/warnings.hpp).
void note_relaxations(Services& svc, const auth::AuthResult& a) {
  if (a.warning) {
    const std::string code(a.warning->info().code);
    svc.warnings.note("auth-warn", code,
                      std::string(svc.auth.options().mode == auth::AuthMode::kOff ? "--auth off"
                                                                                  : "--auth warn") +
                          " let through requests S3 refuses with " + code +
                          (a.warning->diagnosis.empty() ? "" : ", e.g.: " + a.warning->diagnosis),
                      svc.clock.now());
  }
  if (a.scheme.starts_with("sigv2")) {
    const bool presigned = a.scheme == "sigv2-query";
    svc.warnings.note(
        "sigv2", a.scheme,
        std::string(presigned ? "presigned URLs" : "requests") +
            " signed with SigV2, which AWS has deprecated: S3 accepts it only in Regions "
            "launched before 2014 and not for buckets created after June 24, 2020. Sign with "
            "SigV4 (boto3: Config(signature_version=\"s3v4\"); aws CLI: "
            "s3.signature_version s3v4)",
        svc.clock.now());
  }
}

// Adapts an OpConsumer to the HTTP seam: renders errors, adds the common headers.
class ExchangeBody final : public core::BodyConsumer {
 public:
  using Finish = std::function<core::Response(core::Result<core::Response>)>;
  ExchangeBody(std::unique_ptr<ExchangeState> state, std::unique_ptr<OpConsumer> consumer,
               Finish finish)
      : state_(std::move(state)), consumer_(std::move(consumer)), finish_(std::move(finish)) {}

  // Fault injection's "error after the body": at the end, the consumer is abandoned (it discards
  // what it staged) and `answer` is sent instead of its response.
  void fail_at_end(std::function<core::Response()> answer) { fail_at_end_ = std::move(answer); }

  std::optional<core::Response> on_body(std::span<const char> bytes) override {
    auto r = consumer_->on_body(bytes);
    if (r) return std::nullopt;
    core::Response response = finish_(r.error());
    response.close_connection = true;  // the rest of the body is not read
    return response;
  }
  core::Response on_end() override {
    if (fail_at_end_) {
      consumer_.reset();
      return fail_at_end_();
    }
    return finish_(consumer_->on_end());
  }

 private:
  std::unique_ptr<ExchangeState> state_;  // outlives consumer_ (declared first, destroyed last)
  std::unique_ptr<OpConsumer> consumer_;
  Finish finish_;
  std::function<core::Response()> fail_at_end_;
};

// Collects a control request's body (bounded), then has the sandbox API answer it.
class SandboxBody final : public core::BodyConsumer {
 public:
  using Finish = std::function<core::Response(core::Result<core::Response>, std::string)>;
  SandboxBody(SandboxApi& api, const core::RequestView& request, router::Operation op,
              Finish finish)
      : api_(api), request_(request), op_(std::move(op)), finish_(std::move(finish)) {}

  std::optional<core::Response> on_body(std::span<const char> bytes) override {
    if (body_.size() + bytes.size() > api_.max_body()) {
      core::Response r = finish_(core::S3Error(core::ErrorCode::kEntityTooLarge,
                                               "a control request body may be at most " +
                                                   std::to_string(api_.max_body()) + " bytes"),
                                 "sandbox");
      r.close_connection = true;
      return r;
    }
    body_.append(bytes.data(), bytes.size());
    return std::nullopt;
  }
  core::Response on_end() override { return finish_(api_.handle(request_, op_, body_), "sandbox"); }

 private:
  SandboxApi& api_;
  const core::RequestView& request_;  // valid until the exchange ends (core/exchange.hpp)
  router::Operation op_;
  Finish finish_;
  std::string body_;
};

}  // namespace

struct Application::Services {
  app::Services svc;
  router::RouterOptions router;  // from svc.options, built once (not per request)
};

Application::Application(AppOptions options, storage::Backend& backend,
                         const auth::Authenticator& auth, const core::Clock& clock)
    // Built in place: the services hold a mutex (the warning book), which does not move.
    : services_(
          new Services{app::Services{std::move(options),
                                     backend,
                                     auth,
                                     clock,
                                     crypto::base64_encode(crypto::sha256(core::new_unique_id())),
                                     {},
                                     nullptr},
                       router::RouterOptions{}}) {
  services_->router.virtual_host_domains = services_->svc.options.virtual_host_domains;
}

Application::~Application() = default;

const WarningBook& Application::warnings() const { return services_->svc.warnings; }

void Application::set_event_sink(EventSink* sink) { services_->svc.events = sink; }
void Application::set_lifecycle(LifecycleEvaluator* lifecycle) {
  services_->svc.lifecycle = lifecycle;
}

core::Response Application::on_protocol_error(int status, std::string_view code,
                                              std::string_view message) {
  core::S3Error e(
      status >= 500 ? core::ErrorCode::kInternalError : core::ErrorCode::kInvalidRequest,
      std::string(message));
  if (code == "RequestHeaderSectionTooLarge")
    e.code = core::ErrorCode::kRequestHeaderSectionTooLarge;
  if (code == "RequestTimeout") e.code = core::ErrorCode::kRequestTimeout;
  std::string request_id = core::new_request_id();
  core::Response r = error_response(e, "", request_id, services_->svc.host_id);
  r.status = status;
  r.close_connection = true;
  add_common_headers(r, request_id, services_->svc.host_id, services_->svc.clock.now());
  return r;
}

core::StartResult Application::start(const core::RequestView& request) {
  app::Services& svc = services_->svc;
  std::string request_id = core::new_request_id();
  // A cross-origin request: the route, once known, decides its Access-Control-* headers, which
  // every answer carries (errors too), computed when the answer is final.
  struct CorsTarget {
    std::string origin, method;
    std::optional<router::Operation> op;
    bool preflight = false;
  };
  std::shared_ptr<CorsTarget> cors;
  if (auto origin = request.header("Origin"); origin && !origin->empty()) {
    cors = std::make_shared<CorsTarget>(CorsTarget{std::string(*origin), request.method, {}});
  }
  auto op = router::route(request, services_->router);
  // The request journal's facts, gathered on the way (only when a journal observes). It records
  // S3 requests, not its own polling.
  std::shared_ptr<ExchangeFacts> facts;
  if (observer_ != nullptr && !(op && op->kind == OpKind::kSandbox)) {
    facts = std::make_shared<ExchangeFacts>();
    facts->time = svc.clock.now();
    if (op) describe_operation(*facts, *op);
  }
  auto finish = [&svc, request_id, resource = request.path, cors, facts,
                 bucket = op ? op->bucket : std::string(), virtual_host = op && op->virtual_host](
                    core::Result<core::Response> result, std::string note) {
    // The access log's path of a virtual-hosted request has no bucket: the note names it.
    if (virtual_host && !bucket.empty()) note = "bucket=" + bucket + " " + note;
    core::Response r;
    if (result) {
      r = std::move(*result);
    } else {
      core::S3Error e = result.error();
      if (e.code == core::ErrorCode::kNoSuchBucket && e.diagnosis.empty()) {
        std::string missing = bucket;
        for (const auto& [name, value] : e.fields) {
          if (name == "BucketName") missing = value;
        }
        e.diagnosis = similar_bucket_diagnosis(svc.backend, missing);
      }
      r = error_response(e, resource, request_id, svc.host_id, !svc.options.s3_messages);
      note += (note.empty() ? "" : " ") + std::string("-> ") + std::string(e.info().code);
      if (!e.diagnosis.empty()) note += ": " + e.diagnosis;
      if (facts) {
        facts->error_code = e.info().code;
        facts->diagnosis = e.diagnosis;
        describe_signature_mismatch(*facts, e);
      }
    }
    if (cors && !cors->preflight) {
      auto cors_headers =
          actual_cors_headers(svc, cors->origin, cors->method, cors->op ? &*cors->op : nullptr,
                              facts ? &facts->cors_rule : nullptr);
      // Without them a page's fetch() or XMLHttpRequest only sees "Failed to fetch", whether
      // the request was refused or (a form POST) stored: the log says so, with the origin.
      if (cors_headers.empty()) {
        note += (note.empty() ? "" : " ") + std::string("no CORS headers for origin ") +
                cors->origin +
                ": a script on that page sees only 'Failed to fetch' (add a PutBucketCors rule "
                "allowing it)";
      }
      for (core::Header& h : cors_headers) r.headers.push_back(std::move(h));
    }
    if (facts && cors && cors->preflight) {
      facts->cors_preflight = r.status < 300 ? "allowed" : "refused";
    }
    add_common_headers(r, request_id, svc.host_id, svc.clock.now());
    r.log_note = std::move(note);
    r.note = facts;
    return r;
  };

  if (!op) return core::StartResult::answer(finish(op.error(), "unrouted"));
  if (cors) cors->op = *op;

  // Preflights are never signed: answered from the CORS rules, before authentication.
  if (op->kind == OpKind::kPreflight ||
      (op->kind == OpKind::kSandbox && request.method == "OPTIONS")) {
    if (cors) cors->preflight = true;
    core::Result<core::Response> answered =
        answer_preflight(svc, request, *op, facts ? &facts->cors_rule : nullptr);
    // A preflight allowed by --cors permissive that S3 would refuse says so in the log too.
    std::string note = "preflight";
    if (answered) {
      for (const core::Header& h : answered->headers) {
        if (h.name == "x-s3sandbox-diagnosis") note += " " + h.value;
      }
    }
    return core::StartResult::answer(finish(std::move(answered), std::move(note)));
  }

  if (op->kind == OpKind::kSandbox) {
    if (sandbox_ == nullptr) {
      return core::StartResult::answer(
          finish(core::S3Error(core::ErrorCode::kNotImplemented), "sandbox"));
    }
    if (auto answer = sandbox_->start(request, *op)) {
      if (auto* later = std::get_if<std::shared_ptr<core::DeferredResponse>>(&*answer)) {
        (*later)->set_finish(
            [finish](core::Response r) { return finish(std::move(r), "sandbox"); });
        return core::StartResult::defer(std::move(*later));
      }
      return core::StartResult::answer(
          finish(std::move(std::get<core::Response>(*answer)), "sandbox"));
    }
    return core::StartResult::stream(
        std::make_unique<SandboxBody>(*sandbox_, request, std::move(*op), finish));
  }

  auth::AuthContext context{op->bucket, op->virtual_host, op->key, op->query};
  core::Result<auth::AuthResult> authenticated = auth::AuthResult{};
  if (op->kind == OpKind::kPostObject) {
    // A form upload carries its signature in the form's policy, checked once the fields are read.
    authenticated->scheme = "post-policy";
  } else {
    authenticated = svc.auth.authenticate(request, context);
  }
  if (facts) {
    describe_auth(*facts, *op, request);
    describe_promises(*facts, *op, request);
    facts->verdict = !authenticated           ? "refused"
                     : authenticated->warning ? "relaxed-by-warn-mode"
                                              : "ok";
    if (authenticated && facts->access_key.empty()) facts->access_key = authenticated->access_key;
  }
  // Who is asking (accounts, issue #17 part 9). An unsigned request is anonymous: refused here
  // only if no public ACL or policy allows it (authorize), with the refusal saying why.
  Requester requester{Requester::Kind::kAccount, "", ""};
  if (!authenticated && authenticated.error().code == core::ErrorCode::kAccessDenied &&
      op->kind != OpKind::kPostObject && is_unsigned(request, op->query)) {
    authenticated = auth::AuthResult{};
    authenticated->scheme = "anonymous";
    requester.kind = Requester::Kind::kAnonymous;
    if (facts) facts->verdict = "ok";  // a valid anonymous request; authorization decides
  }
  if (!authenticated) {
    return core::StartResult::answer(
        finish(authenticated.error(), std::string(router::op_name(op->kind)) + " denied"));
  }
  if (requester.kind != Requester::Kind::kAnonymous) {
    requester.access_key = authenticated->access_key;
    if (requester.access_key.empty()) requester.kind = Requester::Kind::kUnchecked;
  }
  requester.scheme = authenticated->scheme;
  if (auto allowed = authorize(svc, request, *op, requester); !allowed) {
    if (facts) facts->verdict = "refused";
    return core::StartResult::answer(
        finish(allowed.error(), std::string(router::op_name(op->kind)) + " " +
                                    auth_note(*authenticated) + " not authorized"));
  }
  note_relaxations(svc, *authenticated);
  auto state = std::make_unique<ExchangeState>(ExchangeState{
      request, std::move(*op), std::move(*authenticated), request_id, svc, facts.get()});
  // The access log names the operation (from the operations table) and who made it.
  std::string note = std::string(router::op_name(state->op.kind)) + " " + auth_note(state->auth);
  std::optional<core::S3Error> warning = state->auth.warning;
  const std::string state_bucket = state->op.virtual_host ? state->op.bucket : std::string();
  // Fault injection: with no rule armed, one relaxed load.
  std::optional<AppliedFault> fault;
  if (faults_ != nullptr && faults_->armed()) fault = faults_->match(fault_request(*state));
  if (fault) {
    note += " fault " + fault->description;
    if (facts) facts->set_fault(fault->description);  // the journal entry's "fault"
  }
  auto finish_with_warning = [finish, note, warning, fault](core::Result<core::Response> r) {
    // The rule's status= replaces its own error's, not an error of the operation.
    const bool injected =
        fault && fault->action.error && !r && r.error().code == *fault->action.error;
    core::Response response = finish(std::move(r), note);
    if (warning) {
      response.headers.push_back(
          {"x-s3sandbox-diagnosis",
           "auth=warn let through: " + std::string(warning->info().code) +
               (warning->diagnosis.empty() ? "" : ": " + warning->diagnosis)});
    }
    if (fault) mark_faulted(response, *fault, injected);
    return response;
  };

  if (fault && fault->action.error) {
    // Before the body, or for an operation without one, the handler never runs: nothing stored.
    const router::OperationRow* row = router::operation_row(state->op.kind);
    if (!fault->action.after_body || row == nullptr || row->body == router::BodyPolicy::kNone) {
      return core::StartResult::answer(finish_with_warning(fault_error(*fault)));
    }
  }
  // Headers asking for what s3sandbox does not do are refused, never dropped (header_policy).
  if (auto refused = refuse_unsupported_headers(*state); !refused) {
    return core::StartResult::answer(finish_with_warning(refused.error()));
  }
  Started started = dispatch(*state);
  if (!started.consumer) {
    return core::StartResult::answer(finish_with_warning(std::move(started.response)));
  }
  auto body = std::make_unique<ExchangeBody>(std::move(state), std::move(started.consumer),
                                             finish_with_warning);
  if (!fault) return core::StartResult::stream(std::move(body));
  if (fault->action.error) {
    body->fail_at_end(
        [finish_with_warning, error = fault_error(*fault)] { return finish_with_warning(error); });
  }
  core::StartResult result = core::StartResult::stream(std::move(body));
  result.request_impairment = request_impairment(fault->action);
  result.log_note =
      (state_bucket.empty() ? "" : "bucket=" + state_bucket + " ") + note + " (no response)";
  return result;
}

void Application::on_complete(const core::RequestView& request, const core::Completion& done) {
  const bool log = services_->svc.options.access_log && core::log_enabled(core::LogLevel::kInfo);
  if (observer_ == nullptr && !log) return;
  // The redacted target, made once for both the journal and the log (a presigned URL's query is
  // most of a request line: ~2 % of a 4 KiB GET's instructions each time, bench/RESULTS.md).
  // Per-thread strings keep their capacity: no allocation per request in the usual case.
  thread_local std::string target;
  target.clear();
  append_redacted_target(target, request);
  if (observer_ != nullptr) record(request, done, target);
  if (!log) return;
  // The line is handed to the HTTP worker's batch (core::log_batched): no lock or system call
  // per request in the usual case.
  thread_local std::string line;
  line.clear();
  const auto append_number = [](std::string& out, auto value) {
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, ec == std::errc() ? end : digits);
  };
  line += request.method;
  line += ' ';
  line += target;
  line += ' ';
  if (done.status == 0) {
    line += "aborted";
  } else {
    append_number(line, done.status);
  }
  line += " in=";
  append_number(line, done.bytes_in);
  line += " out=";
  append_number(line, done.bytes_out);
  // Which listener it came on (--tls-listen: https), as the journal's "tls" and health say.
  line += " scheme=";
  line += request.scheme;
  line += ' ';
  append_number(line, static_cast<long>(done.millis));
  line += "ms ";
  line += done.log_note;
  // A control call's line is written at once, after what this worker still holds: tests mark
  // the log at a control call (the pytest plugin's per-test log() starts after its clean), so
  // what came before must be in the file by the time the call's line is. Control calls are few;
  // S3 requests stay batched.
  if (request.path.starts_with("/_sandbox/")) {
    core::log(core::LogLevel::kInfo, line);
  } else {
    core::log_batched(core::LogLevel::kInfo, line);
  }
}

void Application::record(const core::RequestView& request, const core::Completion& done,
                         std::string_view redacted_target) const {
  if (request.method.empty()) return;  // a protocol error: no request line was understood
  const auto* facts = dynamic_cast<const ExchangeFacts*>(done.note.get());
  std::optional<ExchangeFacts> late;  // no answer was made (the client left amid the body)
  if (facts == nullptr) {
    auto op = router::route(request, services_->router);
    if (op && op->kind == OpKind::kSandbox) return;
    late.emplace();
    late->time = services_->svc.clock.now();
    if (op) {
      describe_operation(*late, *op);
      describe_auth(*late, *op, request);
      describe_promises(*late, *op, request);
    }
    facts = &*late;
  }
  // Every promise of an upload the server accepted was verified (a failed one refuses it).
  const bool verified = done.status >= 200 && done.status < 300 && facts->takes_body;
  observer_->on_exchange(ExchangeRecord{request, *facts, done, verified, redacted_target});
}

}  // namespace s3sandbox::app
