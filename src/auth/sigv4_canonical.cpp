#include "s3sandbox/auth/sigv4_canonical.hpp"

#include <algorithm>
#include <utility>

#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// The raw path decoded once, a malformed escape kept as received.
std::string decode_path(std::string_view raw_path) {
  return *core::percent_decode(raw_path, core::PlusIs::kPlus, core::BadEscape::kKeep);
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

}  // namespace

std::string canonical_uri(std::string_view raw_path) {
  if (raw_path.empty()) return "/";
  return core::uri_encode(decode_path(raw_path), {.keep_slash = true});
}

std::string normalized_canonical_uri(std::string_view raw_path) {
  std::string decoded = decode_path(raw_path);
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
  return core::uri_encode(path, {.keep_slash = true});
}

std::string canonical_query(std::span<const core::QueryParam> parsed, bool exclude_signature) {
  // Every name and value is encoded once into one arena (sized for the worst case, so views
  // into it stay valid), the pairs sorted as views, then joined: three allocations whatever the
  // number of parameters, where a string per name and value made this a tenth of a GET's mallocs.
  std::size_t worst = 0;
  for (const core::QueryParam& p : parsed) {
    worst += core::kUriEncodeGrowth * (p.signed_name.size() + p.signed_value.size());
  }
  std::string arena(worst, '\0');
  char* w = arena.data();
  auto encode = [&w](std::string_view bytes) {
    char* start = w;
    w = core::uri_encode_into(w, bytes);
    return std::string_view(start, static_cast<std::size_t>(w - start));
  };
  std::vector<std::pair<std::string_view, std::string_view>> params;
  params.reserve(parsed.size());
  std::size_t total = 0;
  for (const core::QueryParam& p : parsed) {
    if (exclude_signature && p.signed_name == "X-Amz-Signature") continue;
    std::string_view name = encode(p.signed_name);
    std::string_view value = encode(p.signed_value);
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

std::string join_signed_headers(const std::vector<std::string>& signed_names) {
  std::string out;
  for (const std::string& name : signed_names) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

void build_sigv4_string_to_sign(const SigV4Inputs& in, std::string& canonical, std::string& to_sign,
                                std::vector<std::string>* missing) {
  canonical.clear();
  canonical.append(in.method).append(1, '\n');
  canonical.append(in.canonical_uri).append(1, '\n');
  canonical.append(in.canonical_query).append(1, '\n');
  for (const std::string& name : in.signed_headers) {
    canonical.append(name).append(1, ':');
    bool found = false;
    for (const core::Header& h : in.headers) {
      if (!core::iequals(h.name, name)) continue;
      if (found) canonical += ',';
      append_canonical_header_value(canonical, h.value);
      found = true;
    }
    if (!found && missing != nullptr) missing->push_back(name);
    canonical += '\n';
  }
  canonical += '\n';
  for (std::size_t i = 0; i < in.signed_headers.size(); ++i) {
    if (i > 0) canonical += ';';
    canonical.append(in.signed_headers[i]);
  }
  canonical.append(1, '\n').append(in.payload_hash);

  // The hex digest is written in place: no string for it.
  unsigned char digest[crypto::kSha256Size];
  crypto::sha256_into(canonical, digest);
  to_sign.clear();
  to_sign.append(kSigV4Algorithm).append(1, '\n');
  to_sign.append(in.amz_date).append(1, '\n');
  to_sign.append(in.scope).append(1, '\n');
  const std::size_t hex_at = to_sign.size();
  to_sign.resize(hex_at + 2 * crypto::kSha256Size);
  crypto::hex_encode_into(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest),
                          to_sign.data() + hex_at);
}

std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service) {
  std::string out(date);
  out.append("/").append(region).append("/").append(service).append("/aws4_request");
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
