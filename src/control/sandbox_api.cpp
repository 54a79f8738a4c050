#include "s3sandbox/control/sandbox_api.hpp"

#include <boost/json.hpp>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {

SandboxApiImpl::SandboxApiImpl(SandboxInfo info, ControlAccess access)
    : info_(std::move(info)),
      access_(std::move(access)),
      started_(std::chrono::steady_clock::now()) {
  routes_.add("GET", "health", [this](const ControlRequest& request) {
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - started_);
    boost::json::object health{
        {"status", "ok"},
        {"version", info_.version},
        {"uptime_seconds", uptime.count()},
        {"data_dir_mode", info_.ephemeral ? "ephemeral" : "persistent"},
        {"data_dir", info_.data_dir},
        {"region", info_.region},
        // Whether this very request came over HTTPS, and what the server offers.
        {"tls", request.http.scheme == "https"},
        {"https", info_.tls},
    };
    if (!info_.tls_ca.empty()) health["tls_ca"] = info_.tls_ca;
    if (info_.warnings != nullptr) {
      boost::json::array warnings;
      for (const app::Warning& w : info_.warnings->list()) {
        warnings.push_back({{"kind", w.kind},
                            {"summary", w.summary},
                            {"count", w.count},
                            {"first_seen", core::format_iso8601(w.first_seen)},
                            {"last_seen", core::format_iso8601(w.last_seen)}});
      }
      health["would_fail_on_s3"] = warnings.size() + info_.warnings->dropped();
      health["warnings"] = std::move(warnings);
    }
    return json_response(health);
  });
}

std::optional<app::SandboxAnswer> SandboxApiImpl::start(const core::RequestView& request,
                                                        const router::Operation& op) {
  // health stays open to every client: container health checks run from outside loopback, and
  // it tells nothing a port scan would not.
  if (op.sandbox_path != "health") {
    if (auto refused = check_control_access(access_, request)) return refused;
  }
  const bool has_body = request.chunked || request.content_length.value_or(0) > 0;
  if (!has_body) return routes_.dispatch_deferrable(request, op, {});
  if (request.content_length && *request.content_length > kMaxControlBody) {
    return json_error(413, "ControlBodyTooLarge",
                      "a control request body may be at most 1 MiB; this one is " +
                          std::to_string(*request.content_length) + " bytes");
  }
  return std::nullopt;  // collect the body, then handle()
}

core::Response SandboxApiImpl::handle(const core::RequestView& request, const router::Operation& op,
                                      std::string_view body) {
  return routes_.dispatch(request, op, body);
}

}  // namespace s3sandbox::control
