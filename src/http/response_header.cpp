#include "http/response_header.hpp"

#include <boost/beast/http/status.hpp>
#include <string_view>

#include "http/protocol.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::http {

std::string serialize_response_header(const core::Response& response, const HeaderFrame& frame) {
  namespace bhttp = boost::beast::http;
  const std::string_view reason =
      bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
  std::string out;
  out.reserve(512);
  out.append(frame.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  out.append(std::to_string(response.status)).append(" ").append(reason).append("\r\n");
  for (const core::Header& h : response.headers) {
    if (is_server_owned_header(h.name)) continue;
    if (!is_safe_header(h.name, h.value)) {
      core::log_warn("http: dropping unsafe response header '" + h.name + "'");
      continue;
    }
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  if (!status_forbids_body(response.status)) {
    const std::uint64_t length =
        frame.head ? response.content_length.value_or(response.body_size()) : response.body_size();
    out.append("Content-Length: ").append(std::to_string(length)).append("\r\n");
  }
  if (frame.version == 10 && frame.keep_alive) out.append("Connection: keep-alive\r\n");
  if (frame.version != 10 && !frame.keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
  return out;
}

}  // namespace s3sandbox::http
