#include "http/request_head.hpp"

#include <boost/beast/http/error.hpp>
#include <iterator>
#include <optional>

#include "http/protocol.hpp"

namespace s3sandbox::http {

namespace bhttp = boost::beast::http;

core::RequestView build_view(const RequestParser& parser, const std::string& peer, bool tls) {
  const auto& request = parser.get();
  core::RequestView view;
  view.method.assign(request.method_string());
  const std::string_view target = request.target();
  std::optional<AbsoluteTarget> absolute;
  if (!target.starts_with('/')) absolute = parse_absolute_form(target);
  if (absolute) {
    view.target = std::move(absolute->origin_form);
  } else {
    view.target.assign(target);
  }
  split_target(view.target, view.path, view.query);
  view.headers.reserve(static_cast<std::size_t>(std::distance(request.begin(), request.end())));
  for (const auto& field : request) {
    view.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  if (absolute) replace_host(view.headers, absolute->authority);
  if (const auto length = parser.content_length()) view.content_length = *length;
  view.chunked = parser.chunked();
  view.remote_address = peer;
  if (tls) view.scheme = "https";
  return view;
}

bool is_header_too_large(const boost::beast::error_code& ec) {
  return ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow;
}

bool is_malformed(const boost::beast::error_code& ec) {
  static const auto& http_category = bhttp::make_error_code(bhttp::error::bad_method).category();
  return ec.category() == http_category && ec != bhttp::error::end_of_stream &&
         ec != bhttp::error::partial_message && ec != bhttp::error::need_more &&
         ec != bhttp::error::need_buffer;
}

}  // namespace s3sandbox::http
