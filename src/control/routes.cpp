#include "s3sandbox/control/routes.hpp"

#include <boost/json.hpp>

#include "s3sandbox/core/uri.hpp"

namespace s3sandbox::control {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    const auto slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (!segment.empty()) out.emplace_back(segment);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches `path` (raw segments) against a route's segments, collecting decoded parameters.
bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::vector<std::pair<std::string, std::string>>& params) {
  if (pattern.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (is_param(pattern[i])) {
      auto decoded = core::percent_decode(path[i], core::PlusIs::kPlus);
      if (!decoded || decoded->empty()) return false;
      params.emplace_back(pattern[i].substr(1, pattern[i].size() - 2), std::move(*decoded));
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view ControlRequest::path_param(std::string_view name) const {
  for (const auto& [n, v] : path_params) {
    if (n == name) return v;
  }
  return {};
}

std::optional<std::string> ControlRequest::query(std::string_view name) const {
  const router::QueryParam* p = op.param(name);
  if (p == nullptr) return std::nullopt;
  return std::string(p->value);
}

void ControlRoutes::add(std::string_view method, std::string_view pattern, ControlHandler handler) {
  add_deferring(method, pattern, [handler = std::move(handler)](const ControlRequest& r) {
    return app::SandboxAnswer(handler(r));
  });
}

void ControlRoutes::add_deferring(std::string_view method, std::string_view pattern,
                                  DeferringHandler handler) {
  routes_.push_back(
      Route{std::string(method), std::string(pattern), split_path(pattern), std::move(handler)});
}

core::Response ControlRoutes::dispatch(const core::RequestView& http, const router::Operation& op,
                                       std::string_view body) const {
  app::SandboxAnswer answer = dispatch_deferrable(http, op, body);
  if (auto* later = std::get_if<std::shared_ptr<core::DeferredResponse>>(&answer)) {
    return (*later)->settle();
  }
  return std::move(std::get<core::Response>(answer));
}

app::SandboxAnswer ControlRoutes::dispatch_deferrable(const core::RequestView& http,
                                                      const router::Operation& op,
                                                      std::string_view body) const {
  const std::vector<std::string> path = split_path(op.sandbox_path);
  std::vector<std::pair<std::string, std::string>> params;
  std::string allowed;
  for (const Route& route : routes_) {
    if (!match(route.segments, path, params)) continue;
    const bool head_as_get = http.method == "HEAD" && route.method == "GET";
    if (route.method == http.method || head_as_get) {
      ControlRequest request{http, op, body, std::move(params)};
      return route.handler(request);
    }
    if (allowed.find(route.method) == std::string::npos) {
      allowed += (allowed.empty() ? "" : ", ") + route.method;
    }
  }
  if (!allowed.empty()) {
    core::Response r = json_error(
        405, "MethodNotAllowed",
        http.method + " is not allowed on /_sandbox/" + op.sandbox_path + "; use " + allowed);
    r.headers.push_back({"Allow", allowed});
    return r;
  }
  std::string known;
  for (const Route& route : routes_) {
    if (known.find("/_sandbox/" + route.pattern + " ") != std::string::npos) continue;
    known += (known.empty() ? "" : ", ") + route.method + " /_sandbox/" + route.pattern + " ";
  }
  return json_error(404, "NoSuchEndpoint",
                    "no control endpoint /_sandbox/" + op.sandbox_path + "; there are: " + known);
}

core::Response json_response(const boost::json::value& value, int status) {
  core::Response r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.headers.push_back({"Cache-Control", "no-store"});
  r.body = boost::json::serialize(value);
  return r;
}

core::Response json_error(int status, std::string_view code, std::string_view message) {
  return json_response(
      boost::json::object{{"error", boost::json::object{{"code", code}, {"message", message}}}},
      status);
}

std::variant<boost::json::object, core::Response> parse_json_object(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return boost::json::object{};
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) {
    return json_error(400, "MalformedJSON", "the request body is not valid JSON: " + ec.message());
  }
  if (!v.is_object()) {
    return json_error(400, "MalformedJSON", "the request body must be a JSON object ({...})");
  }
  return std::move(v.as_object());
}

}  // namespace s3sandbox::control
