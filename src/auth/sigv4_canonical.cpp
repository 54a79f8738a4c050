#include "s3sandbox/auth/sigv4_canonical.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "auth/query_params.hpp"

namespace s3sandbox::auth {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == '~';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

char* percent_decode_into(char* w, std::string_view s) {
  if (s.find('%') == std::string_view::npos) {  // nothing to decode: one copy
    std::memcpy(w, s.data(), s.size());
    return w + s.size();
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        *w++ = static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    *w++ = s[i];
  }
  return w;
}

std::string percent_decode(std::string_view s) {
  if (s.find('%') == std::string_view::npos) return std::string(s);  // nothing to decode
  // Sized for the input, written through a pointer, trimmed once (runs for every signed
  // request).
  std::string out(s.size(), '\0');
  out.resize(static_cast<std::size_t>(percent_decode_into(out.data(), s) - out.data()));
  return out;
}

namespace {

// S3's URI encoding of `bytes` written at `w` (room for 3 bytes per input byte); returns the end.
char* uri_encode_into(char* w, std::string_view bytes, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (c == '/' && !encode_slash)) {
      *w++ = ch;
    } else {
      *w++ = '%';
      *w++ = kHex[c >> 4];
      *w++ = kHex[c & 0xF];
    }
  }
  return w;
}

}  // namespace

std::string aws_uri_encode(std::string_view bytes, bool encode_slash) {
  // Sized for the worst case, written through a pointer, trimmed once: this runs for every
  // signed request.
  std::string out(bytes.size() * 3, '\0');
  char* end = uri_encode_into(out.data(), bytes, encode_slash);
  out.resize(static_cast<std::size_t>(end - out.data()));
  return out;
}

std::string canonical_uri(std::string_view raw_path) {
  if (raw_path.empty()) return "/";
  return aws_uri_encode(percent_decode(raw_path), false);
}

std::string normalized_canonical_uri(std::string_view raw_path) {
  std::string decoded = percent_decode(raw_path);
  std::vector<std::string_view> segments;
  std::string_view rest(decoded);
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(seg);
  }
  std::string path = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) path += '/';
    path += segments[i];
  }
  bool trailing = !decoded.empty() && decoded.back() == '/';
  if (trailing && path != "/") path += '/';
  return aws_uri_encode(path, false);
}

std::string canonical_query(std::string_view raw_query, bool exclude_signature) {
  return canonical_query_of(parse_query(raw_query).params, exclude_signature);
}

std::string canonical_query_of(const std::vector<QueryParam>& parsed, bool exclude_signature) {
  // Every name and value is encoded once into one arena (sized for the worst case, so views
  // into it stay valid), the pairs sorted as views, then joined: three allocations whatever the
  // number of parameters, where a string per name and value made this a tenth of a GET's mallocs.
  std::size_t worst = 0;
  for (const QueryParam& p : parsed) worst += 3 * (p.name.size() + p.value.size());
  std::string arena(worst, '\0');
  char* w = arena.data();
  auto encode = [&w](std::string_view bytes) {
    char* start = w;
    w = uri_encode_into(w, bytes, true);
    return std::string_view(start, static_cast<std::size_t>(w - start));
  };
  std::vector<std::pair<std::string_view, std::string_view>> params;
  params.reserve(parsed.size());
  std::size_t total = 0;
  for (const QueryParam& p : parsed) {
    if (exclude_signature && p.name == "X-Amz-Signature") continue;
    std::string_view name = encode(p.name);
    std::string_view value = encode(p.value);
    params.emplace_back(name, value);
    total += name.size() + value.size() + 2;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  out.reserve(total);
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string canonical_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  append_canonical_header_value(out, value);
  return out;
}

void append_canonical_header_value(std::string& out, std::string_view value) {
  const std::size_t start = out.size();
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = out.size() != start;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
}

CanonicalHeaders canonical_headers(const std::vector<core::Header>& headers,
                                   const std::vector<std::string>& signed_names) {
  CanonicalHeaders result;
  for (const std::string& name : signed_names) {
    std::string joined;
    bool found = false;
    for (const core::Header& h : headers) {
      if (!core::iequals(h.name, name)) continue;
      if (found) joined += ',';
      joined += canonical_header_value(h.value);
      found = true;
    }
    if (!found) result.missing.push_back(name);
    result.text += name;
    result.text += ':';
    result.text += joined;
    result.text += '\n';
  }
  return result;
}

std::string join_signed_headers(const std::vector<std::string>& signed_names) {
  std::string out;
  for (const std::string& name : signed_names) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string canonical_request(const CanonicalRequestParts& p) {
  std::string out;
  out.reserve(p.method.size() + p.canonical_uri.size() + p.canonical_query.size() +
              p.canonical_headers.size() + p.signed_headers.size() + p.payload_hash.size() + 8);
  out.append(p.method).append("\n");
  out.append(p.canonical_uri).append("\n");
  out.append(p.canonical_query).append("\n");
  out.append(p.canonical_headers).append("\n");
  out.append(p.signed_headers).append("\n");
  out.append(p.payload_hash);
  return out;
}

std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service) {
  std::string out(date);
  out.append("/").append(region).append("/").append(service).append("/aws4_request");
  return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request) {
  std::string out(kSigV4Algorithm);
  out.append("\n").append(amz_date).append("\n").append(scope).append("\n");
  out.append(crypto::sha256_hex(canonical_request));
  return out;
}

std::string derive_signing_key(std::string_view secret, std::string_view date,
                               std::string_view region, std::string_view service) {
  std::string k_secret = "AWS4";
  k_secret.append(secret);
  std::string k_date = crypto::hmac_sha256(k_secret, date);
  std::string k_region = crypto::hmac_sha256(k_date, region);
  std::string k_service = crypto::hmac_sha256(k_region, service);
  return crypto::hmac_sha256(k_service, "aws4_request");
}

std::string sign_hex(std::string_view signing_key, std::string_view string_to_sign) {
  return crypto::hex_encode(crypto::hmac_sha256(signing_key, string_to_sign));
}

std::string spaced_hex_bytes(std::string_view s) {
  std::string hex = crypto::hex_encode(s);
  std::string out;
  out.reserve(hex.size() * 3 / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i > 0) out += ' ';
    out.append(hex, i, 2);
  }
  return out;
}

}  // namespace s3sandbox::auth
