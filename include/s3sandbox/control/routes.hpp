// The control API's routing. Each feature of the control plane (clock, journal, faults,
// snapshots, explain, events...) registers its endpoints, a method and a path pattern under
// /_sandbox/, with a handler that gets the request, its path parameters and its body, and
// answers JSON. Unknown paths get 404 and a known path with another method 405, both naming
// what exists, in JSON like every control answer.
//
//   routes.add("POST", "snapshots/{name}/restore", [&](const ControlRequest& r) {
//     return json_response({{"restored", r.path_param("name")}});
//   });
//
// Thread safety: routes are added before the server starts; dispatch() is then called
// concurrently and handlers must be thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "s3sandbox/app/application.hpp"
#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::control {

// The largest control request body (JSON documents: fault rules, explain requests...).
inline constexpr std::size_t kMaxControlBody = 1024 * 1024;

struct ControlRequest {
  const core::RequestView& http;
  const router::Operation& op;  // op.sandbox_path: the path after /_sandbox/; op.query
  std::string_view body;        // empty for GET and DELETE
  std::vector<std::pair<std::string, std::string>> path_params;  // "{name}" segments, decoded

  // A "{name}" segment of the pattern ("" when the pattern has none of that name).
  std::string_view path_param(std::string_view name) const;
  // A query parameter in S3's reading (percent-decoded, '+' a space), if present.
  std::optional<std::string> query(std::string_view name) const;
};

using ControlHandler = std::function<core::Response(const ControlRequest&)>;
// A handler that may answer later (a long-poll, core::DeferredResponse: it returns the deferred
// answer, having handed it to whatever will resolve it). Deferred only for a request without a
// body; after a body, or through dispatch(), the deferred answer is settled at once (its fallback,
// "what there is").
using DeferringHandler = std::function<app::SandboxAnswer(const ControlRequest&)>;

class ControlRoutes {
 public:
  // `pattern`: '/'-separated segments, each literal or "{name}" (matches one non-empty segment).
  void add(std::string_view method, std::string_view pattern, ControlHandler handler);
  void add_deferring(std::string_view method, std::string_view pattern, DeferringHandler handler);

  core::Response dispatch(const core::RequestView& http, const router::Operation& op,
                          std::string_view body) const;
  // The same, leaving a deferring handler's answer deferred.
  app::SandboxAnswer dispatch_deferrable(const core::RequestView& http, const router::Operation& op,
                                         std::string_view body) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    DeferringHandler handler;
  };
  std::vector<Route> routes_;
};

// A JSON answer.
core::Response json_response(const boost::json::value& value, int status = 200);
// A JSON refusal: {"error": {"code": CODE, "message": MESSAGE}}. The message says in plain words
// what was wrong and what to send instead.
core::Response json_error(int status, std::string_view code, std::string_view message);
// The body parsed as a JSON object, or the 400 to send ("" parses as an empty object).
std::variant<boost::json::object, core::Response> parse_json_object(std::string_view body);

}  // namespace s3sandbox::control
