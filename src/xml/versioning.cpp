#include "s3sandbox/xml/versioning.hpp"

#include <pugixml.hpp>

#include "document.hpp"
#include "read.hpp"
#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::xml {

using detail::children_named;
using detail::malformed;
using detail::text_of;
using detail::trimmed;

namespace {

// The one optional child `name` of `root`, which must be one of `a` or `b`.
core::Result<std::optional<std::string>> enumerated(const pugi::xml_node& root,
                                                    std::string_view name, std::string_view a,
                                                    std::string_view b) {
  auto nodes = children_named(root, name);
  if (nodes.empty()) return std::optional<std::string>();
  if (nodes.size() > 1) return malformed("<" + std::string(name) + "> is given more than once");
  std::string value(trimmed(text_of(nodes.front())));
  if (value != a && value != b) {
    return malformed("<" + std::string(name) + "> must be " + std::string(a) + " or " +
                     std::string(b) + ", not '" + value + "'");
  }
  return std::optional<std::string>(std::move(value));
}

}  // namespace

core::Result<VersioningConfiguration> parse_versioning_configuration(std::string_view body) {
  if (detail::is_blank(body)) {
    return malformed("the body is empty; it needs a <VersioningConfiguration> document");
  }
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "VersioningConfiguration", kMaxXmlBody);
  if (!root) return root.error();
  VersioningConfiguration c;
  auto status = enumerated(*root, "Status", "Enabled", "Suspended");
  if (!status) return status.error();
  c.status = std::move(*status);
  auto mfa = enumerated(*root, "MfaDelete", "Enabled", "Disabled");
  if (!mfa) return mfa.error();
  c.mfa_delete = std::move(*mfa);
  return c;
}

std::string render_versioning_configuration(const VersioningConfiguration& c) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "VersioningConfiguration");
  if (c.status) detail::add_text(root, "Status", *c.status);
  if (c.mfa_delete) detail::add_text(root, "MfaDelete", *c.mfa_delete);
  return detail::serialize(doc);
}

std::string render_list_versions(const ListVersionsParams& p, const storage::VersionsPage& page,
                                 const Owner& owner) {
  const detail::UrlEncoder enc(p.encoding_type);
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "ListVersionsResult");
  detail::add_text(root, "Name", p.bucket);
  detail::add_text(root, "Prefix", enc(p.prefix));
  detail::add_text(root, "KeyMarker", enc(p.key_marker));
  detail::add_text(root, "VersionIdMarker", p.version_id_marker);
  if (page.truncated) {
    detail::add_text(root, "NextKeyMarker", enc(page.next_key_marker));
    if (!page.next_version_id_marker.empty()) {
      detail::add_text(root, "NextVersionIdMarker", page.next_version_id_marker);
    }
  }
  detail::add_number(root, "MaxKeys", p.max_keys);
  if (!p.delimiter.empty()) detail::add_text(root, "Delimiter", enc(p.delimiter));
  if (!p.encoding_type.empty()) detail::add_text(root, "EncodingType", p.encoding_type);
  detail::add_bool(root, "IsTruncated", page.truncated);
  for (const storage::VersionEntry& v : page.versions) {
    const storage::ObjectMeta& m = v.meta;
    pugi::xml_node e = root.append_child(m.delete_marker ? "DeleteMarker" : "Version");
    detail::add_text(e, "Key", enc(m.key));
    detail::add_text(e, "VersionId", storage::shown_version_id(m.version_id));
    detail::add_bool(e, "IsLatest", v.is_latest);
    detail::add_time(e, "LastModified", m.last_modified);
    if (m.delete_marker) {
      detail::add_principal(e, "Owner", owner.id, owner.display_name);
      continue;
    }
    detail::add_etag(e, m.etag);
    for (const auto& entry : m.checksums) detail::add_text(e, "ChecksumAlgorithm", entry.first);
    if (!m.checksums.empty() && !m.checksum_type.empty()) {
      detail::add_text(e, "ChecksumType", m.checksum_type);
    }
    detail::add_text(e, "Size", std::to_string(m.size));
    detail::add_principal(e, "Owner", owner.id, owner.display_name);
    detail::add_text(e, "StorageClass", m.storage_class.empty() ? "STANDARD" : m.storage_class);
  }
  for (const std::string& prefix : page.common_prefixes) {
    detail::add_text(root.append_child("CommonPrefixes"), "Prefix", enc(prefix));
  }
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
