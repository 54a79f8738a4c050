// What the connection makes of a request header read by Beast: the application's RequestView,
// and which read errors are the client's malformed or oversized header (answered 400) rather
// than a closed, reset or timed-out connection (nobody to answer).
// Thread safety: pure functions.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <string>

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;

// The request as the application sees it; `tls` marks it https (aws:SecureTransport).
core::RequestView build_view(const RequestParser& parser, const std::string& peer, bool tls);

bool is_header_too_large(const boost::beast::error_code& ec);

// A syntax error in what the client sent, as opposed to a closed, reset or timed-out connection.
bool is_malformed(const boost::beast::error_code& ec);

}  // namespace s3sandbox::http
