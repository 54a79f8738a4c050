#include "s3sandbox/control/sandbox_api.hpp"

#include <boost/json.hpp>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {
namespace {

core::Response json_response(const boost::json::value& v, int status = 200) {
  core::Response r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = boost::json::serialize(v);
  return r;
}

core::Response json_error(int status, std::string message) {
  return json_response(boost::json::object{{"error", std::move(message)}}, status);
}

}  // namespace

SandboxApiImpl::SandboxApiImpl(SandboxInfo info, core::SystemClock& clock)
    : info_(std::move(info)), clock_(clock), started_(std::chrono::steady_clock::now()) {}

core::Response SandboxApiImpl::handle(const core::RequestView& request,
                                      const router::Operation& op) {
  const std::string& path = op.sandbox_path;
  if (path == "health") {
    if (request.method != "GET" && request.method != "HEAD") return json_error(405, "use GET");
    auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - started_);
    return json_response(boost::json::object{
        {"status", "ok"},
        {"version", info_.version},
        {"uptime_seconds", uptime.count()},
        {"data_dir_mode", info_.ephemeral ? "ephemeral" : "persistent"},
        {"data_dir", info_.data_dir},
        {"region", info_.region},
    });
  }
  if (path == "clock") {
    if (request.method == "PUT" || request.method == "POST") {
      const router::QueryParam* offset = op.param("offset");
      // An unencoded '+' in a query reads as a space ("?offset=+2h" typed in curl): take it back.
      std::string text = offset ? std::string(offset->value) : std::string();
      if (!text.empty() && text.front() == ' ') text.front() = '+';
      auto parsed = offset ? core::parse_duration(text) : std::nullopt;
      if (!parsed) return json_error(400, "give ?offset= as a duration like +2h, -30m, 90s");
      clock_.set_offset(*parsed);
    } else if (request.method != "GET") {
      return json_error(405, "use GET or PUT");
    }
    return json_response(boost::json::object{
        {"offset_seconds", clock_.offset().count()},
        {"now", core::format_iso8601(clock_.now())},
    });
  }
  return json_error(404, "no such sandbox endpoint: /_sandbox/" + path);
}

}  // namespace s3sandbox::control
