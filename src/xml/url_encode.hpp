// The encoding S3 applies to key-bearing list elements when a request says encoding-type=url.
// Pure; thread safe.
#pragma once

#include <string>
#include <string_view>

namespace s3sandbox::xml::detail {

// Form-style percent-encoding: a space becomes '+', '/' and the RFC 3986 unreserved characters
// (A-Z a-z 0-9 - . _ ~) stay, every other byte becomes %XX (upper-case hex, UTF-8 bytes).
// Why this form: botocore decodes these elements with unquote_plus (botocore/compat.py,
// `unquote_str = unquote_plus`, used by handlers._decode_list_object), S3 answers a prefix of
// "run books/x y%z" with <Prefix>run+books/x+y%25z</Prefix> (measured, brekkylab/backlot#178),
// and the ListObjectsV2 reference shows `test_file(3).png` as `test_file%283%29.png`.
std::string listing_url_encode(std::string_view s);

}  // namespace s3sandbox::xml::detail
