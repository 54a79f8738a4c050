// The CompleteMultipartUpload request body. Like the other request bodies, names are matched by
// local name (with or without the S3 namespace) and every shape error is MalformedXML, S3's
// answer for a body that does not validate against its schema. Checks that need the upload's
// parts (order, existence, ETag match, number range) are the caller's: this file only reads.
#include <charconv>
#include <limits>
#include <optional>
#include <pugixml.hpp>
#include <utility>

#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::xml {
namespace {

// S3's limit on parts per upload; a completion listing more cannot be valid.
inline constexpr std::size_t kMaxCompletedParts = 10000;

// The checksum children a <Part> may carry, by element name, and the algorithm name they map to.
constexpr std::pair<std::string_view, const char*> kChecksumElements[] = {
    {"ChecksumCRC32", "CRC32"}, {"ChecksumCRC32C", "CRC32C"}, {"ChecksumCRC64NVME", "CRC64NVME"},
    {"ChecksumSHA1", "SHA1"},   {"ChecksumSHA256", "SHA256"},
};

core::S3Error malformed(std::string why) {
  return core::S3Error(core::ErrorCode::kMalformedXML).because(std::move(why));
}

std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// All character data directly inside `node` (text and CDATA).
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

// Parses `body` and returns its single root element, which must be <CompleteMultipartUpload>.
core::Result<pugi::xml_node> load(pugi::xml_document& doc, std::string_view body) {
  if (body.size() > kMaxXmlBody) {
    return malformed("the XML body is " + std::to_string(body.size()) +
                     " bytes; s3sandbox reads at most " + std::to_string(kMaxXmlBody));
  }
  if (trimmed(body).empty()) {
    return malformed("the CompleteMultipartUpload body is empty; it needs a list of <Part>");
  }
  pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return malformed("the XML is not well formed: " + std::string(parsed.description()) +
                     " at byte " + std::to_string(parsed.offset));
  }
  std::vector<pugi::xml_node> roots;
  for (pugi::xml_node c : doc.children()) {
    if (c.type() == pugi::node_element) roots.push_back(c);
    if (c.type() == pugi::node_pcdata && !trimmed(c.value()).empty()) {
      return malformed("the XML has text outside its root element");
    }
  }
  if (roots.size() != 1) return malformed("the XML must have exactly one root element");
  if (local_name(roots.front()) != "CompleteMultipartUpload") {
    return malformed("the root element is <" + std::string(roots.front().name()) +
                     ">, expected <CompleteMultipartUpload>");
  }
  return roots.front();
}

// The one child `name` of the part numbered `ordinal` (1-based, in document order).
core::Result<pugi::xml_node> only_child(const pugi::xml_node& part, std::string_view name,
                                        std::size_t ordinal) {
  auto found = children_named(part, name);
  if (found.size() != 1) {
    return malformed("<Part> number " + std::to_string(ordinal) + " has " +
                     std::to_string(found.size()) + " <" + std::string(name) +
                     "> elements; it needs exactly one");
  }
  return found.front();
}

// A decimal int with an optional '-' (whitespace around it allowed): negative and out-of-range
// numbers are still integers, and the caller answers them; anything else does not fit the
// schema's int and is malformed.
std::optional<int> parse_int(std::string_view text) {
  text = trimmed(text);
  if (text.empty()) return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "\"abc\"" and "abc" -> "abc": clients send the ETag as UploadPart returned it (quoted), but
// hand-written bodies and some SDKs drop the quotes, and S3 accepts both.
std::string unquoted_etag(std::string_view text) {
  text = trimmed(text);
  if (!text.empty() && text.front() == '"') text.remove_prefix(1);
  if (!text.empty() && text.back() == '"') text.remove_suffix(1);
  return std::string(text);
}

core::Result<CompletedPart> read_part(const pugi::xml_node& node, std::size_t ordinal) {
  CompletedPart part;
  auto number = only_child(node, "PartNumber", ordinal);
  if (!number) return number.error();
  std::string number_text = text_of(*number);
  std::optional<int> parsed = parse_int(number_text);
  if (!parsed) {
    return malformed("<Part> number " + std::to_string(ordinal) + " has <PartNumber>" +
                     number_text + "</PartNumber>, which is not an integer");
  }
  part.part_number = *parsed;

  auto etag = only_child(node, "ETag", ordinal);
  if (!etag) return etag.error();
  part.etag = unquoted_etag(text_of(*etag));

  for (const auto& [element, algorithm] : kChecksumElements) {
    auto found = children_named(node, element);
    if (found.size() > 1) {
      return malformed("<Part> number " + std::to_string(ordinal) + " has more than one <" +
                       std::string(element) + ">");
    }
    if (found.size() == 1) part.checksums[algorithm] = std::string(trimmed(text_of(found[0])));
  }
  return part;
}

}  // namespace

core::Result<std::vector<CompletedPart>> parse_complete_multipart_upload(std::string_view body) {
  pugi::xml_document doc;
  auto root = load(doc, body);
  if (!root) return root.error();

  auto nodes = children_named(*root, "Part");
  if (nodes.empty()) return malformed("<CompleteMultipartUpload> lists no <Part>");
  if (nodes.size() > kMaxCompletedParts) {
    return malformed("<CompleteMultipartUpload> lists " + std::to_string(nodes.size()) +
                     " parts; an upload has at most 10000");
  }
  std::vector<CompletedPart> parts;
  parts.reserve(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto part = read_part(nodes[i], i + 1);
    if (!part) return part.error();
    parts.push_back(std::move(*part));
  }
  return parts;
}

}  // namespace s3sandbox::xml
