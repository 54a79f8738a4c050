// RequestView: what the S3 layers see of an HTTP request once its header has been read, with no
// HTTP library types. The path and query are kept exactly as received (percent-encoded), because
// signatures are computed over the raw form. Header names keep their received spelling; lookups
// are case-insensitive. Thread safety: a plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace s3sandbox::core {

struct Header {
  std::string name;
  std::string value;
};

struct RequestView {
  std::string method;                           // "GET", "PUT", ... as received
  std::string target;                           // raw request-target, e.g. "/b/k%20x?uploads"
  std::string path;                             // raw path part of target, e.g. "/b/k%20x"
  std::string query;                            // raw query part without '?', e.g. "uploads"
  std::vector<Header> headers;                  // in received order, duplicates kept
  std::optional<std::uint64_t> content_length;  // when Content-Length was sent
  bool chunked = false;                         // Transfer-Encoding: chunked
  std::string remote_address;                   // peer "ip:port", for logs
  std::string scheme = "http";

  // First value of a header (case-insensitive name), if present.
  std::optional<std::string_view> header(std::string_view name) const;
  // All values of a header joined with "," as HTTP allows for repeated headers.
  std::optional<std::string> header_joined(std::string_view name) const;
  bool has_header(std::string_view name) const { return header(name).has_value(); }
};

bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);

}  // namespace s3sandbox::core
