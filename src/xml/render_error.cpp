// <Error> documents. Shape from S3's error responses: no namespace on the root; Code and
// Message first, then the error's extra elements (Key, BucketName, StringToSign, ...), then
// Resource (only when known: S3 omits it for most errors), RequestId and HostId. <Diagnosis> is
// s3sandbox's own plain-words addition; S3 clients ignore elements they do not know.
#include "document.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {

std::string render_error(const core::S3Error& error, std::string_view resource,
                         std::string_view request_id, std::string_view host_id) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "Error", /*with_namespace=*/false);
  detail::add_text(root, "Code", error.info().code);
  detail::add_text(root, "Message", error.effective_message());
  for (const auto& [name, value] : error.fields) detail::add_text(root, name.c_str(), value);
  if (!resource.empty()) detail::add_text(root, "Resource", resource);
  detail::add_text(root, "RequestId", request_id);
  detail::add_text(root, "HostId", host_id);
  if (!error.diagnosis.empty()) detail::add_text(root, "Diagnosis", error.diagnosis);
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
