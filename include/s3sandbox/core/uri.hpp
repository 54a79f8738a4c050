// Percent-decoding and URI encoding: the one decoder every module reads paths, queries and
// x-amz-copy-source with, and the one encoder (AWS's URI encoding: what SigV4 signs, what S3's
// url-encoded listings and POST redirects write). Both work buffer to buffer, because they run
// several times per request (every query name and value, the signed path, the canonical query):
// the *_into forms never allocate.
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace s3sandbox::core {

// How '+' decodes: as itself (RFC 3986: S3 paths, and the text signatures cover) or as a space
// (S3's reading of query strings, as HTML forms encode them).
enum class PlusIs { kPlus, kSpace };
// What a '%' not followed by two hex digits does: fail the decode (S3 answers InvalidURI), or
// stay as it is (SigV4's canonical URI of any path, and the diagnosis's guesses, never fail).
enum class BadEscape { kReject, kKeep };

// Decodes `in` into `out`, which has room for in.size() bytes (decoding never lengthens), and
// returns the end of what it wrote; nullptr when `bad` is kReject and `in` has a malformed escape
// (the bytes written before it are then meaningless). Hex digits are accepted in either case.
char* percent_decode_into(char* out, std::string_view in, PlusIs plus = PlusIs::kPlus,
                          BadEscape bad = BadEscape::kReject) noexcept;
// The same as a string; nullopt on a rejected escape (never with BadEscape::kKeep).
std::optional<std::string> percent_decode(std::string_view in, PlusIs plus = PlusIs::kPlus,
                                          BadEscape bad = BadEscape::kReject);

// AWS URI encoding: the RFC 3986 unreserved bytes (A-Z a-z 0-9 - _ . ~) kept, every other byte
// as %XX with upper-case hex (UTF-8 is encoded byte by byte). `keep_slash`: '/' kept, as in a
// SigV4 canonical path or a listed key. `space_as_plus`: a space written as '+', the form S3's
// encoding-type=url listings use (see xml/url_encode.hpp); never in anything signed.
struct UriEncoding {
  bool keep_slash = false;
  bool space_as_plus = false;
};
// Encoding at most triples a text.
inline constexpr std::size_t kUriEncodeGrowth = 3;

// Encodes `bytes` into `out`, which has room for kUriEncodeGrowth * bytes.size() bytes, and
// returns the end of what it wrote.
char* uri_encode_into(char* out, std::string_view bytes, UriEncoding how = {}) noexcept;
// Appends the encoding of `bytes` to `out`.
void append_uri_encoded(std::string& out, std::string_view bytes, UriEncoding how = {});
std::string uri_encode(std::string_view bytes, UriEncoding how = {});

}  // namespace s3sandbox::core
