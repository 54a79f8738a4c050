// Request bodies S3 parses: CreateBucketConfiguration and Delete. Namespaces are optional and
// element names are matched by local name, since SDKs send the S3 namespace and hand-written
// bodies often omit it. Anything not well formed, of the wrong shape, or over kMaxXmlBody is
// MalformedXML, which is S3's answer for all of these (including 0 or >1000 keys to delete).
#include "s3sandbox/xml/parse.hpp"

#include <pugixml.hpp>

#include "read.hpp"

namespace s3sandbox::xml {
namespace {

inline constexpr std::size_t kMaxDeleteKeys = 1000;

using detail::children_named;
using detail::is_blank;
using detail::malformed;
using detail::text_of;
using detail::trimmed;

core::Result<pugi::xml_node> load(pugi::xml_document& doc, std::string_view body,
                                  std::string_view root_name) {
  return detail::load(doc, body, root_name, kMaxXmlBody);
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
  return std::string(trimmed(text_of(location.front())));
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
    std::string value(trimmed(text_of(quiet.front())));
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
  request.version_ids.reserve(objects.size());
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
    auto version = children_named(objects[i], "VersionId");
    request.version_ids.push_back(version.empty() ? std::string() : text_of(version.front()));
  }
  return request;
}

}  // namespace s3sandbox::xml
