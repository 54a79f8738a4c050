// GetBucketCors's CORSConfiguration. S3 answers with the rule's children grouped by name in
// this order, whatever order PutBucketCors received them in: ID, AllowedMethod, AllowedOrigin,
// AllowedHeader, MaxAgeSeconds, ExposeHeader.
#include "document.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {

std::string render_cors_configuration(const std::vector<storage::CorsRule>& rules) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "CORSConfiguration");
  for (const storage::CorsRule& rule : rules) {
    pugi::xml_node node = root.append_child("CORSRule");
    if (!rule.id.empty()) detail::add_text(node, "ID", rule.id);
    for (const std::string& m : rule.allowed_methods) detail::add_text(node, "AllowedMethod", m);
    for (const std::string& o : rule.allowed_origins) detail::add_text(node, "AllowedOrigin", o);
    for (const std::string& h : rule.allowed_headers) detail::add_text(node, "AllowedHeader", h);
    if (rule.max_age_seconds) detail::add_number(node, "MaxAgeSeconds", *rule.max_age_seconds);
    for (const std::string& h : rule.expose_headers) detail::add_text(node, "ExposeHeader", h);
  }
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
