#include "url_encode.hpp"

#include "s3sandbox/core/uri.hpp"

namespace s3sandbox::xml::detail {

std::string listing_url_encode(std::string_view s) {
  return core::uri_encode(s, {.keep_slash = true, .space_as_plus = true});
}

}  // namespace s3sandbox::xml::detail
