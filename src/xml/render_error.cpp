// <Error> documents. Shape from S3's error responses: no namespace on the root; Code and
// Message first, then the error's extra elements (Key, BucketName, StringToSign, ...), then
// Resource (only when known: S3 omits it for most errors), RequestId and HostId. <Diagnosis> is
// s3sandbox's own plain-words addition; S3 clients ignore elements they do not know.
#include "document.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when there is none (overlong forms,
// surrogates and code points past U+10FFFF included).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) return 1;
  std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (n == 0 || b > 0xF4 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (b == 0xE0 && byte(i + 1) < 0xA0) return 0;   // overlong
  if (b == 0xED && byte(i + 1) >= 0xA0) return 0;  // surrogate
  if (b == 0xF0 && byte(i + 1) < 0x90) return 0;   // overlong
  if (b == 0xF4 && byte(i + 1) >= 0x90) return 0;  // past U+10FFFF
  return n;
}

// Error text echoes what a client sent (a key, a path, a method). Bytes that cannot appear in an
// XML document (invalid UTF-8, control characters) are written as %XX, so that the document
// stays well formed for every client's parser.
std::string xml_safe(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = utf8_length(s, i);
    bool control = b < 0x20 && b != '\t' && b != '\n' && b != '\r';
    if (n == 0 || control) {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string render_error(const core::S3Error& error, std::string_view resource,
                         std::string_view request_id, std::string_view host_id) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "Error", /*with_namespace=*/false);
  detail::add_text(root, "Code", error.info().code);
  detail::add_text(root, "Message", xml_safe(error.effective_message()));
  for (const auto& [name, value] : error.fields)
    detail::add_text(root, name.c_str(), xml_safe(value));
  if (!resource.empty()) detail::add_text(root, "Resource", xml_safe(resource));
  detail::add_text(root, "RequestId", request_id);
  detail::add_text(root, "HostId", host_id);
  if (!error.diagnosis.empty()) detail::add_text(root, "Diagnosis", xml_safe(error.diagnosis));
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
