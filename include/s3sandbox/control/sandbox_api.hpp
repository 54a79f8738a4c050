// The sandbox's own HTTP API under /_sandbox/ (never a valid bucket name, so it cannot collide
// with S3 paths). Unauthenticated by design: it is for the local developer and CI scripts.
//   GET  /_sandbox/health                 200 {"status":"ok","version":..,"uptime_seconds":..,
//                                              "data_dir_mode":"persistent"|"ephemeral",..}
//   GET  /_sandbox/clock                  {"offset_seconds":N,"now":"<ISO 8601>"}
//   PUT  /_sandbox/clock?offset=+2h       shift the server clock (expiry tests without sleeping)
// Thread safety: handle() may be called concurrently.
#pragma once

#include <chrono>
#include <string>

#include "s3sandbox/app/application.hpp"
#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::control {

struct SandboxInfo {
  std::string version;
  std::string data_dir;
  bool ephemeral = false;
  std::string region;
};

class SandboxApiImpl final : public app::SandboxApi {
 public:
  SandboxApiImpl(SandboxInfo info, core::SystemClock& clock);
  core::Response handle(const core::RequestView& request, const router::Operation& op) override;

 private:
  SandboxInfo info_;
  core::SystemClock& clock_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace s3sandbox::control
