#include "s3sandbox/control/explain_api.hpp"

#include <boost/json.hpp>

#include "s3sandbox/explain/render.hpp"

namespace s3sandbox::control {
namespace {

namespace json = boost::json;

// A string member, "" when absent; nullopt when present but not a string.
std::optional<std::string> string_member(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

}  // namespace

void add_explain_routes(ControlRoutes& routes, explain::ExplainOptions base,
                        const core::Clock& clock) {
  routes.add("POST", "explain", [base = std::move(base), &clock](const ControlRequest& r) {
    auto parsed = parse_json_object(r.body);
    if (auto* refusal = std::get_if<core::Response>(&parsed)) return std::move(*refusal);
    const json::object& body = std::get<json::object>(parsed);
    explain::ExplainInput input;
    explain::ExplainOptions options = base;
    std::string credential;
    for (auto [name, target] : {std::pair<std::string_view, std::string*>{"url", &input.url},
                                {"method", &input.method},
                                {"credential", &credential},
                                {"page_origin", &options.page_origin},
                                {"expect_host", &options.expect_host}}) {
      auto value = string_member(body, name);
      if (!value) {
        return json_error(400, "InvalidExplainRequest",
                          "\"" + std::string(name) + "\" must be a string");
      }
      *target = std::move(*value);
    }
    if (input.url.empty()) {
      return json_error(400, "InvalidExplainRequest",
                        "send {\"url\": \"<the presigned URL>\"} (and optionally \"method\", "
                        "\"headers\": {\"Name\": \"value\"}, \"credential\": \"AK:SK\")");
    }
    if (!credential.empty()) {
      input.credential = auth::parse_credential(credential);
      if (!input.credential) {
        return json_error(400, "InvalidExplainRequest",
                          "\"credential\" must be \"ACCESS_KEY:SECRET_KEY\"");
      }
    }
    if (const json::value* headers = body.if_contains("headers"); headers && !headers->is_null()) {
      if (!headers->is_object()) {
        return json_error(400, "InvalidExplainRequest",
                          "\"headers\" must be an object of header names to string values");
      }
      for (const auto& [name, value] : headers->as_object()) {
        if (!value.is_string()) {
          return json_error(400, "InvalidExplainRequest",
                            "header \"" + std::string(name) + "\" must have a string value");
        }
        input.headers.push_back({std::string(name), std::string(value.as_string())});
      }
    }
    return json_response(explain::to_json(explain::explain(input, options, clock.now())));
  });
}

}  // namespace s3sandbox::control
