// Shared plumbing of the request-body parsers (parse.cpp, parse_multipart.cpp, parse_cors.cpp):
// loading a document under the size limit with exactly one root of the expected name, and
// reading elements by local name (with or without the S3 namespace). Every failure is
// MalformedXML with a diagnosis, S3's answer for a body that does not fit its schema.
// Thread safety: functions over caller-owned documents.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::xml::detail {

core::S3Error malformed(std::string why);

std::string_view local_name(const pugi::xml_node& node);
bool is_blank(std::string_view s);
std::string_view trimmed(std::string_view s);  // without surrounding spaces, tabs, CR, LF

// All character data directly inside `node` (text and CDATA), whitespace kept: keys may begin
// or end with spaces.
std::string text_of(const pugi::xml_node& node);

std::vector<pugi::xml_node> children_named(const pugi::xml_node& parent, std::string_view name);

// Parses `body` (at most `max_size` bytes) into `doc` and returns its single root element,
// which must be named `root_name`. Whitespace-only text nodes are kept (parse_ws_pcdata).
core::Result<pugi::xml_node> load(pugi::xml_document& doc, std::string_view body,
                                  std::string_view root_name, std::size_t max_size);

}  // namespace s3sandbox::xml::detail
