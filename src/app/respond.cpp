#include "respond.hpp"

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

core::Response error_response(const core::S3Error& error, std::string_view resource,
                              std::string_view request_id, std::string_view host_id,
                              bool append_diagnosis) {
  core::Response r;
  r.status = error.info().http_status;
  for (const auto& [name, value] : error.headers) r.headers.push_back({name, value});
  if (!error.diagnosis.empty()) {
    // Header values must be one line of visible ASCII; the XML keeps the full text.
    std::string one_line;
    for (char c : error.diagnosis) {
      unsigned char u = static_cast<unsigned char>(c);
      one_line += (u < 0x20 || u >= 0x7f) ? ' ' : c;
    }
    r.headers.push_back({"x-s3sandbox-diagnosis", one_line});
  }
  if (r.status == 304) return r;  // Not Modified carries no body
  r.headers.push_back({"Content-Type", "application/xml"});
  if (append_diagnosis && !error.diagnosis.empty()) {
    core::S3Error shown = error;
    shown.message =
        std::string(error.effective_message()) + " [s3sandbox: " + error.diagnosis + "]";
    r.body = xml::render_error(shown, resource, request_id, host_id);
  } else {
    r.body = xml::render_error(error, resource, request_id, host_id);
  }
  return r;
}

void add_common_headers(core::Response& response, std::string_view request_id,
                        std::string_view host_id, core::TimePoint now) {
  response.headers.push_back({"x-amz-request-id", std::string(request_id)});
  response.headers.push_back({"x-amz-id-2", std::string(host_id)});
  response.headers.push_back({"Date", core::format_http_date(now)});
  response.headers.push_back({"Server", std::string(kServerName)});
}

core::Response xml_response(std::string body, int status) {
  core::Response r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/xml"});
  r.body = std::move(body);
  return r;
}

}  // namespace s3sandbox::app
