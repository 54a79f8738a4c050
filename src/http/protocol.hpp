// Small HTTP/1.1 rules the connection code applies, kept free of Beast so they are cheap to test:
// splitting the raw request-target, reading an absolute-form target, recognising
// `Expect: 100-continue`, which statuses carry no body, which response headers the server owns,
// and which header bytes are unsafe to emit.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::http {

// Splits a raw request-target at the first '?': "/b/k?x=1" -> path "/b/k", query "x=1".
// Both stay percent-encoded exactly as received (signatures are computed over the raw form).
void split_target(std::string_view target, std::string& path, std::string& query);

// An absolute-form request-target (RFC 9112 3.2.2), "http://host:9000/b/k?x=1", as the
// origin-form target the rest of the server knows, "/b/k?x=1" ("/" when the path is empty),
// and the authority, "host:9000". A server must accept this form, and the authority then takes
// the place of the Host header, for routing and for the host a signature covers.
struct AbsoluteTarget {
  std::string_view authority;
  std::string origin_form;
};
// nullopt unless `target` is an http or https URI with a non-empty authority and no userinfo
// (RFC 9110 4.2.4: deprecated, to be treated as an error); such a target stays as received and
// is refused by the application like any target that does not start with '/'.
std::optional<AbsoluteTarget> parse_absolute_form(std::string_view target);

// Makes `authority` the request's only Host header, in the place of the first one received
// (or last when there was none).
void replace_host(std::vector<core::Header>& headers, std::string_view authority);

// True when an HTTP/1.1 request asks for `100 Continue` before sending its body.
bool expects_continue(const core::RequestView& request, unsigned http_version);

// 1xx, 204 and 304 responses never carry a body nor (for 1xx/204) a Content-Length (RFC 9110
// 8.6, 15.3.5, 15.4.5); we omit Content-Length on 304 too since it would describe the object.
bool status_forbids_body(int status);

// Headers the server computes itself from the Response (framing and connection management);
// a handler's copy is ignored so the message can never be framed twice.
bool is_server_owned_header(std::string_view name);

// False when a header name or value would break the message framing (CR, LF, NUL, or a name
// that is empty or holds a separator); such headers are dropped, not sent.
bool is_safe_header(std::string_view name, std::string_view value);

// "1.2.3.4:5678", or "[::1]:5678" for IPv6.
std::string format_peer(std::string_view address, std::uint16_t port);

}  // namespace s3sandbox::http
