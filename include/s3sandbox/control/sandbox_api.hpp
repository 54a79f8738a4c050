// The sandbox's own HTTP API under /_sandbox/ (never a valid bucket name, so it cannot collide
// with S3 paths): JSON in, JSON out, not S3-signed. Who may call it: control/access.hpp. Each
// feature registers its endpoints in routes() (control/routes.hpp) before the server starts:
//   GET  /_sandbox/health     {"status":"ok","version":..,"uptime_seconds":..,
//                              "data_dir_mode":"persistent"|"ephemeral",..,
//                              "would_fail_on_s3": N, "warnings": [{kind, summary, count,
//                              first_seen, last_seen}]}
//   clock: control/clock_api.hpp
// Thread safety: start() and handle() may be called concurrently once routes are added.
#pragma once

#include <chrono>
#include <string>

#include "s3sandbox/app/application.hpp"
#include "s3sandbox/control/access.hpp"
#include "s3sandbox/control/routes.hpp"

namespace s3sandbox::control {

struct SandboxInfo {
  std::string version;
  std::string data_dir;
  bool ephemeral = false;
  std::string region;
  const app::WarningBook* warnings = nullptr;  // shown by health when set
  bool tls = false;                            // an HTTPS listener is configured
  std::string tls_ca;  // the CA clients should trust (--tls auto), "" otherwise
};

class SandboxApiImpl final : public app::SandboxApi {
 public:
  SandboxApiImpl(SandboxInfo info, ControlAccess access);

  ControlRoutes& routes() { return routes_; }

  std::optional<app::SandboxAnswer> start(const core::RequestView& request,
                                          const router::Operation& op) override;
  core::Response handle(const core::RequestView& request, const router::Operation& op,
                        std::string_view body) override;
  std::size_t max_body() const override { return kMaxControlBody; }

 private:
  SandboxInfo info_;
  ControlAccess access_;
  ControlRoutes routes_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace s3sandbox::control
