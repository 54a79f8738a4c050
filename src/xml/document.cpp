#include "document.hpp"

#include <sstream>

#include "s3sandbox/core/time_format.hpp"
#include "url_encode.hpp"

namespace s3sandbox::xml::detail {

pugi::xml_node add_root(pugi::xml_document& doc, const char* name, bool with_namespace) {
  pugi::xml_node root = doc.append_child(name);
  if (with_namespace) root.append_attribute("xmlns") = kS3Namespace;
  return root;
}

pugi::xml_node add_text(pugi::xml_node parent, const char* name, std::string_view value) {
  pugi::xml_node node = parent.append_child(name);
  node.text().set(std::string(value).c_str());
  return node;
}

pugi::xml_node add_bool(pugi::xml_node parent, const char* name, bool value) {
  return add_text(parent, name, value ? "true" : "false");
}

pugi::xml_node add_number(pugi::xml_node parent, const char* name, long long value) {
  return add_text(parent, name, std::to_string(value));
}

pugi::xml_node add_time(pugi::xml_node parent, const char* name, core::TimePoint t) {
  return add_text(parent, name, core::format_iso8601(t));
}

pugi::xml_node add_etag(pugi::xml_node parent, std::string_view etag_unquoted) {
  return add_text(parent, "ETag", "\"" + std::string(etag_unquoted) + "\"");
}

std::string serialize(const pugi::xml_document& doc) {
  std::ostringstream body;
  doc.save(body, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  const std::string raw = body.str();

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out.reserve(out.size() + raw.size() + 64);
  // Only the root start tag holds attributes (xmlns), whose quotes are delimiters; everything
  // after it is element text or markup, where a raw '"' or '\r' can only come from text.
  std::size_t root_end = raw.find('>');
  root_end = root_end == std::string::npos ? raw.size() : root_end + 1;
  out.append(raw, 0, root_end);
  for (std::size_t i = root_end; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '"') {
      out += "&quot;";
    } else if (c == '\r') {
      out += "&#13;";
    } else {
      out += c;
    }
  }
  return out;
}

void add_checksums(pugi::xml_node parent, const std::map<std::string, std::string>& checksums) {
  for (const char* name : {"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"}) {
    auto it = checksums.find(name);
    if (it == checksums.end()) continue;
    std::string element = std::string("Checksum") + name;
    add_text(parent, element.c_str(), it->second);
  }
}

void add_principal(pugi::xml_node parent, const char* name, std::string_view id,
                   std::string_view display_name) {
  pugi::xml_node node = parent.append_child(name);
  add_text(node, "ID", id);
  if (!display_name.empty()) add_text(node, "DisplayName", display_name);
}

std::string UrlEncoder::operator()(std::string_view v) const {
  return url_ ? listing_url_encode(v) : std::string(v);
}

}  // namespace s3sandbox::xml::detail
