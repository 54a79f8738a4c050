// Building responses: the one place where an S3Error becomes S3's XML error document, and where
// the headers every response carries (x-amz-request-id, x-amz-id-2, Date, Server) are added.
#pragma once

#include <string_view>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/error.hpp"
#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::app {

inline constexpr std::string_view kServerName = "s3sandbox";

// With append_diagnosis, a diagnosis is also appended to <Message> ("... [s3sandbox: why]"):
// SDK exceptions and the aws CLI print the message and nothing else of the document.
core::Response error_response(const core::S3Error& error, std::string_view resource,
                              std::string_view request_id, std::string_view host_id,
                              bool append_diagnosis = false);

void add_common_headers(core::Response& response, std::string_view request_id,
                        std::string_view host_id, core::TimePoint now);

core::Response xml_response(std::string body, int status = 200);

}  // namespace s3sandbox::app
