// Request bodies S3 parses: CreateBucketConfiguration and Delete. Namespaces are optional and
// element names are matched by local name, since SDKs send the S3 namespace and hand-written
// bodies often omit it. Anything not well formed, of the wrong shape, or over kMaxXmlBody is
// MalformedXML, which is S3's answer for all of these (including 0 or >1000 keys to delete).
#include "s3sandbox/xml/parse.hpp"

#include <pugixml.hpp>

namespace s3sandbox::xml {
namespace {

inline constexpr std::size_t kMaxDeleteKeys = 1000;

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

std::string trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// All character data directly inside `node` (text and CDATA), whitespace kept: keys may begin
// or end with spaces.
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

// Parses `body` into `doc` and returns its single root element, which must be `root_name`.
core::Result<pugi::xml_node> load(pugi::xml_document& doc, std::string_view body,
                                  std::string_view root_name) {
  if (body.size() > kMaxXmlBody) {
    return malformed("the XML body is " + std::to_string(body.size()) +
                     " bytes; s3sandbox reads at most " + std::to_string(kMaxXmlBody));
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

}  // namespace

core::Result<std::string> parse_create_bucket_configuration(std::string_view body) {
  if (is_blank(body)) return std::string();  // no configuration: the default region
  pugi::xml_document doc;
  auto root = load(doc, body, "CreateBucketConfiguration");
  if (!root) return root.error();
  auto location = children_named(*root, "LocationConstraint");
  if (location.size() > 1) return malformed("<LocationConstraint> is given more than once");
  if (location.empty()) return std::string();
  return trimmed(text_of(location.front()));
}

core::Result<DeleteRequest> parse_delete_request(std::string_view body) {
  if (is_blank(body)) return malformed("the DeleteObjects body is empty; it needs a <Delete>");
  pugi::xml_document doc;
  auto root = load(doc, body, "Delete");
  if (!root) return root.error();

  DeleteRequest request;
  auto quiet = children_named(*root, "Quiet");
  if (quiet.size() > 1) return malformed("<Quiet> is given more than once");
  if (!quiet.empty()) {
    std::string value = trimmed(text_of(quiet.front()));
    for (char& c : value) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (value != "true" && value != "false") {
      return malformed("<Quiet> must be true or false, not '" + value + "'");
    }
    request.quiet = value == "true";
  }

  auto objects = children_named(*root, "Object");
  if (objects.empty()) return malformed("<Delete> lists no <Object>; it needs 1 to 1000");
  if (objects.size() > kMaxDeleteKeys) {
    return malformed("<Delete> lists " + std::to_string(objects.size()) +
                     " objects; S3 deletes at most 1000 per request");
  }
  request.keys.reserve(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    auto key = children_named(objects[i], "Key");
    if (key.size() != 1) {
      return malformed("<Object> number " + std::to_string(i + 1) + " has " +
                       std::to_string(key.size()) + " <Key> elements; it needs exactly one");
    }
    std::string value = text_of(key.front());
    if (value.empty()) {
      return malformed("<Object> number " + std::to_string(i + 1) + " has an empty <Key>");
    }
    request.keys.push_back(std::move(value));
  }
  return request;
}

}  // namespace s3sandbox::xml
