#include <boost/json.hpp>

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/explain/render.hpp"

namespace s3sandbox::explain {
namespace {

namespace json = boost::json;

json::value optional_time(const std::optional<core::TimePoint>& t) {
  if (!t) return nullptr;
  return json::value(core::format_iso8601(*t).substr(0, 19) + "Z");
}

template <typename T>
json::value optional_value(const std::optional<T>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

json::value text_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

json::array signed_headers(const Report& r) {
  json::array out;
  for (const SignedHeader& h : r.signed_headers) {
    out.push_back(json::object{{"name", h.name},
                               {"value", optional_value(h.value)},
                               {"source", text_or_null(h.source)},
                               {"must_send", h.must_send}});
  }
  return out;
}

json::value verdict(const Verdict& v) {
  json::object out{{"checked", v.checked}, {"method", v.method}};
  out["valid"] = v.checked ? json::value(v.valid) : json::value(nullptr);
  out["credential"] = text_or_null(v.credential_source);
  if (!v.error_code.empty()) {
    json::object fields;
    for (const auto& [name, value] : v.fields) fields[name] = value;
    out["error"] = json::object{{"code", v.error_code},
                                {"message", v.message},
                                {"diagnosis", text_or_null(v.diagnosis)},
                                {"fields", std::move(fields)}};
  }
  return out;
}

}  // namespace

json::value to_json(const Report& r) {
  json::array methods;
  for (const std::string& m : r.valid_methods) methods.push_back(json::value(m));
  json::array checksums;
  for (const Checksum& c : r.checksums) {
    checksums.push_back(
        json::object{{"name", c.name}, {"value", c.value}, {"empty_body", c.empty_body}});
  }
  json::object overrides;
  for (const auto& [name, value] : r.response_overrides) overrides[name] = value;
  json::array findings;
  for (const Finding& f : r.findings) {
    findings.push_back(json::object{
        {"severity", severity_name(f.severity)}, {"code", f.code}, {"message", f.message}});
  }
  return json::object{
      {"url", r.url},
      {"usable", r.usable()},
      {"signature", json::object{{"version", r.version},
                                 {"algorithm", text_or_null(r.algorithm)},
                                 {"access_key", text_or_null(r.access_key)},
                                 {"region", text_or_null(r.region)},
                                 {"service", text_or_null(r.service)},
                                 {"security_token", r.security_token}}},
      {"target", json::object{{"scheme", text_or_null(r.scheme)},
                              {"host", text_or_null(r.host)},
                              {"path", text_or_null(r.path)},
                              {"bucket", text_or_null(r.bucket)},
                              {"key", text_or_null(r.key)},
                              {"addressing", text_or_null(r.addressing)},
                              {"operation", text_or_null(r.operation)}}},
      {"method", json::object{{"given", text_or_null(r.method_given)},
                              {"valid_for", std::move(methods)},
                              {"note", text_or_null(r.method_note)}}},
      {"signed_headers", signed_headers(r)},
      {"time", json::object{{"signed_at", optional_time(r.signed_at)},
                            {"expires_at", optional_time(r.expires_at)},
                            {"expires_seconds", optional_value(r.expires_seconds)},
                            {"remaining_seconds", optional_value(r.remaining_seconds)},
                            {"over_seven_days", r.over_seven_days},
                            {"expired", r.expired}}},
      {"checksums", std::move(checksums)},
      {"response_overrides", std::move(overrides)},
      {"verdict", verdict(r.verdict)},
      {"findings", std::move(findings)},
  };
}

}  // namespace s3sandbox::explain
