// The CompleteMultipartUpload request body. Like the other request bodies, names are matched by
// local name (with or without the S3 namespace) and every shape error is MalformedXML, S3's
// answer for a body that does not validate against its schema. Checks that need the upload's
// parts (order, existence, ETag match, number range) are the caller's: this file only reads.
#include <charconv>
#include <limits>
#include <optional>
#include <pugixml.hpp>
#include <utility>

#include "read.hpp"
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

using detail::children_named;
using detail::malformed;
using detail::text_of;
using detail::trimmed;

// Parses `body` and returns its single root element, which must be <CompleteMultipartUpload>.
core::Result<pugi::xml_node> load(pugi::xml_document& doc, std::string_view body) {
  if (body.size() <= kMaxXmlBody && trimmed(body).empty()) {
    return malformed("the CompleteMultipartUpload body is empty; it needs a list of <Part>");
  }
  return detail::load(doc, body, "CompleteMultipartUpload", kMaxXmlBody);
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
