#include "auth/diagnosis.hpp"

#include <functional>

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::auth {
namespace {

constexpr std::string_view kMethods[] = {"GET", "PUT", "HEAD", "POST", "DELETE"};

std::string quote_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

bool matches(const SigV4Mismatch& m, const std::function<void(SigV4Material&)>& change) {
  SigV4Material variant = m.material;
  change(variant);
  return crypto::constant_time_equal(compute_sigv4(variant, m.signing_key).signature, m.provided);
}

std::string header_value(const SigV4Material& m, std::string_view name) {
  for (const core::Header& h : m.headers) {
    if (core::iequals(h.name, name)) return h.value;
  }
  return {};
}

void set_header(SigV4Material& m, std::string_view name, const std::string& value) {
  for (core::Header& h : m.headers) {
    if (core::iequals(h.name, name)) h.value = value;
  }
}

bool signs(const SigV4Material& m, std::string_view name) {
  for (const std::string& s : m.signed_headers) {
    if (s == name) return true;
  }
  return false;
}

std::optional<std::string> host_diagnosis(const SigV4Mismatch& m) {
  if (!signs(m.material, "host")) return std::nullopt;
  std::string sent = header_value(m.material, "host");
  std::vector<std::string> candidates = m.host_aliases;
  if (auto colon = sent.rfind(':'); colon != std::string::npos) {
    candidates.push_back(sent.substr(0, colon));
  }
  for (const std::string& alias : candidates) {
    if (alias == sent) continue;
    if (matches(m, [&](SigV4Material& v) { set_header(v, "host", alias); })) {
      return "This " + std::string(m.presigned ? "URL" : "request") + " was signed for host '" +
             alias + "' but was sent to '" + sent +
             "'. The Host header is part of the signature: sign with the endpoint the client "
             "will actually use, or make the proxy keep the original Host header.";
    }
  }
  return std::nullopt;
}

std::optional<std::string> method_diagnosis(const SigV4Mismatch& m) {
  for (std::string_view method : kMethods) {
    if (method == m.material.method) continue;
    if (matches(m, [&](SigV4Material& v) { v.method = std::string(method); })) {
      return "This " + std::string(m.presigned ? "URL" : "request") + " was signed for " +
             std::string(method) + ", used with " + m.material.method +
             ". The HTTP method is part of the signature: presign for the operation that will "
             "be called (e.g. put_object for an upload, get_object for a download).";
    }
  }
  return std::nullopt;
}

std::optional<std::string> path_diagnosis(const SigV4Mismatch& m) {
  std::string raw(m.raw_path);
  std::string plus_as_space;
  for (char c : raw) plus_as_space += c == '+' ? std::string("%20") : std::string(1, c);
  // The path as decoded by a proxy before it re-encoded it (decoded twice, here).
  const std::string once = *core::percent_decode(raw, core::PlusIs::kPlus, core::BadEscape::kKeep);
  const std::string candidates[] = {canonical_uri(once), canonical_uri(plus_as_space)};
  for (const std::string& path : candidates) {
    if (path == m.material.canonical_uri) continue;
    if (matches(m, [&](SigV4Material& v) { v.canonical_uri = path; })) {
      return "The path was signed as '" + path + "' but arrived as '" + raw +
             "': something between the client and s3sandbox (a proxy, or an HTTP library "
             "re-encoding the URL) changed its percent-encoding. Send the URL exactly as signed.";
    }
  }
  return std::nullopt;
}

std::optional<std::string> content_type_diagnosis(const SigV4Mismatch& m) {
  if (!signs(m.material, "content-type")) return std::nullopt;
  std::string sent = header_value(m.material, "content-type");
  auto semi = sent.find(';');
  if (semi == std::string::npos) return std::nullopt;
  std::string bare = canonical_header_value(sent.substr(0, semi));
  if (!matches(m, [&](SigV4Material& v) { set_header(v, "content-type", bare); })) {
    return std::nullopt;
  }
  return "Content-Type was signed as '" + bare + "' but sent as '" + sent +
         "' (browsers and HTTP libraries often append '; charset=...'). Send exactly the signed "
         "Content-Type, e.g. by passing the body as a Blob/bytes with an explicit type.";
}

std::string fallback(const SigV4Mismatch& m) {
  std::string used;
  for (const std::string& name : m.material.signed_headers) {
    if (!used.empty()) used += ", ";
    used += name + "='" + canonical_header_value(header_value(m.material, name)) + "'";
  }
  return "No single change (host alias, method, path encoding) makes the signature match. "
         "The signature was checked over method " +
         m.material.method + ", path '" + m.material.canonical_uri + "' and signed headers " +
         used +
         ". Most likely one of these header values differs from the value given to the signer "
         "(compare CanonicalRequest in this response with the one the SDK logs), or the "
         "signature was made with a different secret key than the one configured for access "
         "key '" +
         std::string(m.access_key) + "'.";
}

}  // namespace

std::string diagnose_sigv4_mismatch(const SigV4Mismatch& m) {
  if (!m.missing_headers.empty()) {
    bool one = m.missing_headers.size() == 1;
    return "The signature covers header" + std::string(one ? " " : "s ") +
           quote_list(m.missing_headers) + " but the request did not send " +
           (one ? "it" : "them") + ". A " + (m.presigned ? "URL presigned" : "request signed") +
           " with a header (e.g. ContentType) must be sent with that header and exactly the "
           "signed value.";
  }
  for (auto check : {host_diagnosis, method_diagnosis, path_diagnosis, content_type_diagnosis}) {
    if (auto found = check(m)) return *found;
  }
  return fallback(m);
}

std::string diagnose_sigv2_mismatch(const SigV2Mismatch& m, std::string_view secret) {
  std::string_view sts = m.string_to_sign;
  auto newline = sts.find('\n');
  std::string_view tail = newline == std::string_view::npos ? sts : sts.substr(newline);
  for (std::string_view method : kMethods) {
    if (method == m.method) continue;
    std::string variant = std::string(method) + std::string(tail);
    if (crypto::constant_time_equal(crypto::base64_encode(crypto::hmac_sha1(secret, variant)),
                                    m.provided)) {
      return "This " + std::string(m.presigned ? "URL" : "request") + " was signed for " +
             std::string(method) + ", used with " + std::string(m.method) +
             ". The HTTP method is part of the signature.";
    }
  }
  return "No other method makes the signature match. The string to sign was checked as shown in "
         "StringToSign (method, Content-MD5, Content-Type, Date or Expires, x-amz-* headers, "
         "resource). Most likely Content-Type, Content-MD5 or an x-amz-* value differs from what "
         "was signed, or the signature was made with a different secret key than the one "
         "configured for access key '" +
         std::string(m.access_key) + "'.";
}

}  // namespace s3sandbox::auth
