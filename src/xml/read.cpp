#include "read.hpp"

namespace s3sandbox::xml::detail {

core::S3Error malformed(std::string why) {
  return core::S3Error(core::ErrorCode::kMalformedXML).because(std::move(why));
}

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

std::vector<pugi::xml_node> children_named(const pugi::xml_node& parent, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c : parent.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  }
  return out;
}

core::Result<pugi::xml_node> load(pugi::xml_document& doc, std::string_view body,
                                  std::string_view root_name, std::size_t max_size) {
  if (body.size() > max_size) {
    return malformed("the XML body is " + std::to_string(body.size()) +
                     " bytes; s3sandbox reads at most " + std::to_string(max_size));
  }
  pugi::xml_parse_result parsed = doc.load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!parsed) {
    return malformed("the XML is not well formed: " + std::string(parsed.description()) +
                     " at byte " + std::to_string(parsed.offset));
  }
  std::vector<pugi::xml_node> roots;
  for (pugi::xml_node c : doc.children()) {
    if (c.type() == pugi::node_element) roots.push_back(c);
    if (c.type() == pugi::node_pcdata && !is_blank(c.value())) {
      return malformed("the XML has text outside its root element");
    }
  }
  if (roots.size() != 1) return malformed("the XML must have exactly one root element");
  if (local_name(roots.front()) != root_name) {
    return malformed("the root element is <" + std::string(roots.front().name()) + ">, expected <" +
                     std::string(root_name) + ">");
  }
  return roots.front();
}

}  // namespace s3sandbox::xml::detail
