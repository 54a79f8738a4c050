// The Tagging document, both ways: PutObjectTagging's (and POST Object's `tagging` field) request
// body and GetObjectTagging's answer.
#include <pugixml.hpp>

#include "document.hpp"
#include "read.hpp"
#include "s3sandbox/xml/parse.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {

using detail::children_named;
using detail::is_blank;
using detail::malformed;
using detail::text_of;

core::Result<TagSet> parse_tagging(std::string_view body) {
  if (is_blank(body)) return malformed("the body is empty; it needs a <Tagging> document");
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "Tagging", kMaxXmlBody);
  if (!root) return root.error();
  auto sets = children_named(*root, "TagSet");
  if (sets.size() != 1) {
    return malformed("<Tagging> must hold exactly one <TagSet>, not " +
                     std::to_string(sets.size()));
  }
  TagSet tags;
  for (const pugi::xml_node& tag : children_named(sets.front(), "Tag")) {
    auto keys = children_named(tag, "Key");
    auto values = children_named(tag, "Value");
    if (keys.size() != 1 || values.size() != 1) {
      return malformed("each <Tag> needs exactly one <Key> and one <Value>");
    }
    tags.emplace_back(text_of(keys.front()), text_of(values.front()));
  }
  return tags;
}

std::string render_tagging(const std::vector<std::pair<std::string, std::string>>& tags) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "Tagging");
  pugi::xml_node set = root.append_child("TagSet");
  for (const auto& [key, value] : tags) {
    pugi::xml_node tag = set.append_child("Tag");
    detail::add_text(tag, "Key", key);
    detail::add_text(tag, "Value", value);
  }
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
