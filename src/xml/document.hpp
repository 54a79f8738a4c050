// Shared plumbing of the xml renderers: a result root in the S3 namespace, text children, and
// serialization byte-for-byte as S3 writes it. Thread safety: functions over caller-owned docs.
#pragma once

#include <map>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::xml::detail {

inline constexpr const char* kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// Appends the document element `name`, with the S3 namespace when `with_namespace`.
pugi::xml_node add_root(pugi::xml_document& doc, const char* name, bool with_namespace = true);

// Appends <name>value</name>. An empty value still renders as <name></name>, as S3 does.
pugi::xml_node add_text(pugi::xml_node parent, const char* name, std::string_view value);
pugi::xml_node add_bool(pugi::xml_node parent, const char* name, bool value);
pugi::xml_node add_number(pugi::xml_node parent, const char* name, long long value);
pugi::xml_node add_time(pugi::xml_node parent, const char* name, core::TimePoint t);
// <ETag>&quot;etag&quot;</ETag>: the quotes are part of the value, escaped as S3 escapes them.
pugi::xml_node add_etag(pugi::xml_node parent, std::string_view etag_unquoted);

// <Checksum{CRC32,CRC32C,CRC64NVME,SHA1,SHA256}> children for the algorithms present, in that
// order (S3's). `checksums` maps algorithm names ("CRC32") to base64 values.
void add_checksums(pugi::xml_node parent, const std::map<std::string, std::string>& checksums);

// <Owner>, <Initiator>: ID, then DisplayName when known (S3 omits an empty one).
void add_principal(pugi::xml_node parent, const char* name, std::string_view id,
                   std::string_view display_name);

// With encoding-type=url S3 percent-encodes the listing elements that can hold key bytes.
class UrlEncoder {
 public:
  explicit UrlEncoder(std::string_view encoding_type) : url_(encoding_type == "url") {}
  std::string operator()(std::string_view v) const;

 private:
  bool url_;
};

// `<?xml version="1.0" encoding="UTF-8"?>` + '\n' + the document without indentation or a
// trailing newline. Real S3 responses put exactly one '\n' after the declaration. Text escapes
// match S3's: '"' as &quot; (pugixml only escapes it in attributes) and '\r' as &#13; so that a
// key holding a carriage return survives a client's end-of-line normalization.
std::string serialize(const pugi::xml_document& doc);

}  // namespace s3sandbox::xml::detail
