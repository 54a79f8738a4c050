#include "auth/diagnosis.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <functional>

#include "auth/ssec_signing_hint.hpp"
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

std::string_view what(const SigV4Mismatch& m) { return m.presigned ? "URL" : "request"; }

// "name:port" → {name, port}; a bracketed IPv6 name keeps its brackets; port empty when absent.
std::pair<std::string, std::string> split_host(const std::string& host) {
  auto colon = host.rfind(':');
  auto bracket = host.rfind(']');
  if (colon == std::string::npos || (bracket != std::string::npos && colon < bracket)) {
    return {host, ""};
  }
  return {host.substr(0, colon), host.substr(colon + 1)};
}

std::string machine_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return {};
  return name.data();
}

bool is_loopback_name(std::string_view name) {
  return name == "localhost" || name == "127.0.0.1" || name == "[::1]";
}

std::string host_advice(const SigV4Mismatch& m, const std::string& signed_for,
                        const std::string& sent) {
  auto [signed_name, signed_port] = split_host(signed_for);
  auto [sent_name, sent_port] = split_host(sent);
  std::string head = "This " + std::string(what(m)) + " was signed for host '" + signed_for +
                     "' but was sent to '" + sent + "'. ";
  if (signed_name == sent_name) {
    return head + "The port is part of the signed Host header" +
           (signed_port.empty() ? std::string(" (the signer was given no port)") : "") +
           ": give the signer the endpoint with exactly the port the client uses (e.g. "
           "endpoint_url='http://" +
           sent + "').";
  }
  if (signed_name == "host.docker.internal" || sent_name == "host.docker.internal") {
    return head +
           "A URL signed inside a container for host.docker.internal only works when sent "
           "to host.docker.internal (and the reverse): sign with the endpoint the code that "
           "sends it uses (one client per network view).";
  }
  if (is_loopback_name(signed_name) && is_loopback_name(sent_name)) {
    return head +
           "localhost, 127.0.0.1 and [::1] reach the same server but are different Hosts to a "
           "signature: use the same endpoint name for signing and for sending.";
  }
  return head +
         "The Host header is part of the signature: sign with the endpoint the client will "
         "actually use, or make the proxy keep the original Host header.";
}

std::optional<std::string> host_diagnosis(const SigV4Mismatch& m) {
  if (!signs(m.material, "host")) return std::nullopt;
  std::string sent = header_value(m.material, "host");
  auto [sent_name, sent_port] = split_host(sent);
  std::vector<std::string> candidates = m.host_aliases;
  std::vector<std::string> names = {sent_name, "localhost",    "127.0.0.1",
                                    "[::1]",   machine_name(), "host.docker.internal"};
  for (const std::string& alias : m.host_aliases) names.push_back(split_host(alias).first);
  const std::string ports[] = {sent_port, "", "80", "443"};
  for (const std::string& name : names) {
    if (name.empty()) continue;
    for (const std::string& port : ports) {
      std::string candidate = port.empty() ? name : name + ":" + port;
      if (std::find(candidates.begin(), candidates.end(), candidate) == candidates.end()) {
        candidates.push_back(candidate);
      }
    }
  }
  for (const std::string& alias : candidates) {
    if (alias == sent) continue;
    if (matches(m, [&](SigV4Material& v) { set_header(v, "host", alias); })) {
      return host_advice(m, alias, sent);
    }
  }
  return std::nullopt;
}

// Signed for https://bucket.localhost:9000/key (virtual-hosted) but sent to
// http://localhost:9000/bucket/key (path style), or the reverse.
std::optional<std::string> addressing_diagnosis(const SigV4Mismatch& m) {
  if (!signs(m.material, "host")) return std::nullopt;
  std::string sent = header_value(m.material, "host");
  const std::string& uri = m.material.canonical_uri;
  // Sent path-style: the first path segment is the bucket.
  if (uri.size() > 1) {
    auto slash = uri.find('/', 1);
    std::string bucket = uri.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    std::string rest = slash == std::string::npos ? "/" : uri.substr(slash);
    std::string host = bucket + "." + sent;
    if (!bucket.empty() && matches(m, [&](SigV4Material& v) {
          set_header(v, "host", host);
          v.canonical_uri = rest;
        })) {
      return "This " + std::string(what(m)) + " was signed virtual-hosted style, for host '" +
             host + "' and path '" + rest + "', but was sent path-style to '" + sent + "' as '" +
             uri +
             "'. The bucket's place (host or path) is part of the signature: configure the "
             "signing client and the sending client with the same addressing style (boto3: "
             "Config(s3={'addressing_style': 'path'}); aws-sdk-js: forcePathStyle: true).";
    }
  }
  // Sent virtual-hosted: the host's first label is the bucket.
  auto dot = sent.find('.');
  if (dot != std::string::npos && dot > 0) {
    std::string bucket = sent.substr(0, dot);
    std::string host = sent.substr(dot + 1);
    std::string base = "/" + bucket;
    const std::string paths[] = {uri == "/" ? base : base + uri, base + "/"};
    for (const std::string& path : paths) {
      if (matches(m, [&](SigV4Material& v) {
            set_header(v, "host", host);
            v.canonical_uri = path;
          })) {
        return "This " + std::string(what(m)) + " was signed path-style, for host '" + host +
               "' and path '" + path + "', but was sent virtual-hosted style to '" + sent +
               "' as '" + uri +
               "'. The bucket's place (host or path) is part of the signature: configure the "
               "signing client and the sending client with the same addressing style (boto3: "
               "Config(s3={'addressing_style': 'path'}); aws-sdk-js: forcePathStyle: true).";
      }
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

// Common values of headers that clients sign and then send differently; a presigned URL does not
// carry the signed values, so they are guessed from this list.
constexpr std::string_view kContentTypes[] = {"application/octet-stream",
                                              "binary/octet-stream",
                                              "image/png",
                                              "image/jpeg",
                                              "image/jpg",
                                              "image/gif",
                                              "image/webp",
                                              "image/avif",
                                              "image/svg+xml",
                                              "image/heic",
                                              "text/plain",
                                              "text/plain;charset=UTF-8",
                                              "text/plain; charset=utf-8",
                                              "text/html",
                                              "text/csv",
                                              "text/css",
                                              "application/json",
                                              "application/json; charset=utf-8",
                                              "application/xml",
                                              "application/pdf",
                                              "application/zip",
                                              "application/gzip",
                                              "application/javascript",
                                              "text/javascript",
                                              "application/x-www-form-urlencoded",
                                              "video/mp4",
                                              "video/webm",
                                              "video/quicktime",
                                              "audio/mpeg",
                                              "audio/wav",
                                              ""};
constexpr std::string_view kAcls[] = {"private", "public-read", "public-read-write",
                                      "authenticated-read", "bucket-owner-full-control"};

std::optional<std::string> header_value_diagnosis(const SigV4Mismatch& m) {
  struct Guesses {
    std::string_view header;
    const std::string_view* values;
    std::size_t count;
  };
  const Guesses table[] = {{"content-type", kContentTypes, std::size(kContentTypes)},
                           {"x-amz-acl", kAcls, std::size(kAcls)}};
  for (const Guesses& g : table) {
    if (!signs(m.material, g.header)) continue;
    std::string sent = header_value(m.material, g.header);
    for (std::size_t i = 0; i < g.count; ++i) {
      std::string value(g.values[i]);
      if (value == sent) continue;
      if (!matches(m, [&](SigV4Material& v) { set_header(v, g.header, value); })) continue;
      std::string name = g.header == "content-type" ? "Content-Type" : std::string(g.header);
      std::string shown = value.empty() ? "(empty)" : "'" + value + "'";
      // Values are not secrets: shown in full, up to a length that keeps the message readable.
      std::string sent_shown = sent.size() <= 256 ? sent : sent.substr(0, 256) + "...";
      return name + " was signed as " + shown + " but sent as '" + sent_shown + "'" +
             (m.presigned ? " (the signed value is not in a presigned URL: s3sandbox found it by "
                            "trying common values)"
                          : "") +
             ". A signed header must be sent with exactly the signed value: send " + name + ": " +
             (value.empty() ? "(empty)" : value) + ", or sign with the value the " +
             (m.presigned ? "upload" : "request") + " will send.";
    }
  }
  return std::nullopt;
}

// A URL presigned with Content-Length (to cap an upload's size) and a body of another size: the
// URL does not carry the signed value, so it cannot be tried; the sent size is named instead.
std::optional<std::string> content_length_diagnosis(const SigV4Mismatch& m) {
  if (!m.presigned || !signs(m.material, "content-length")) return std::nullopt;
  return "Content-Length is part of this URL's signature and the body sent is " +
         header_value(m.material, "content-length") +
         " bytes: most likely the size given to the presigner was different (the URL does not "
         "carry the signed value, so s3sandbox cannot tell which). Presign with the exact size of "
         "the body that will be sent. If the size is right, the secret key for access key '" +
         std::string(m.access_key) + "' differs from the one s3sandbox has.";
}

// Well-known secret keys of other local S3 tools and of the AWS documentation, tried so that a
// client configured for one of them is named (they are public; the configured ones never are).
constexpr std::pair<std::string_view, std::string_view> kKnownSecrets[] = {
    {"minioadmin", "MinIO's default"},
    {"test", "LocalStack's default"},
    {"testing", "moto's default"},
    {"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "the AWS documentation's example"},
    {"s3sandbox-secret", "s3sandbox's default"},
};

std::pair<std::string, std::string> scope_date_region(const std::string& scope) {
  auto a = scope.find('/');
  if (a == std::string::npos) return {};
  auto b = scope.find('/', a + 1);
  if (b == std::string::npos) return {};
  return {scope.substr(0, a), scope.substr(a + 1, b - a - 1)};
}

std::optional<std::string> secret_diagnosis(const SigV4Mismatch& m) {
  // Plain variables, not a structured binding: clang 14 (the fuzz build) cannot capture those.
  const auto scope = scope_date_region(m.material.scope);
  const std::string& date = scope.first;
  const std::string& region = scope.second;
  if (date.empty()) return std::nullopt;
  auto signed_with = [&](std::string_view secret) {
    std::string key = derive_signing_key(secret, date, region, "s3");
    return crypto::constant_time_equal(compute_sigv4(m.material, key).signature, m.provided);
  };
  if (m.credentials != nullptr) {
    for (const Credential& c : *m.credentials) {
      if (c.access_key == m.access_key) continue;
      if (signed_with(c.secret_key)) {
        return "The signature was computed with the secret key of access key '" + c.access_key +
               "', but the request names access key '" + std::string(m.access_key) +
               "'. The client mixes two credential pairs: give it the access key and the secret "
               "key of one pair.";
      }
    }
  }
  for (const auto& [secret, whose] : kKnownSecrets) {
    if (signed_with(secret)) {
      return "The signature was computed with a different secret key for access key '" +
             std::string(m.access_key) + "': '" + std::string(secret) + "' (" + std::string(whose) +
             "), which is not the one s3sandbox has for it. Give the client the secret key "
             "configured with --credential (or S3SANDBOX_CREDENTIALS), or configure s3sandbox "
             "with the client's pair.";
    }
  }
  return std::nullopt;
}

// A canonical request as SDKs make it: only headers that clients sign routinely, all sent. Then a
// mismatch that no variant explains is most likely the secret key; with other signed headers a
// changed value is as likely, and the generic text lists them.
bool well_formed(const SigV4Material& m) {
  static constexpr std::string_view kRoutine[] = {"host",
                                                  "content-type",
                                                  "content-md5",
                                                  "content-length",
                                                  "content-encoding",
                                                  "content-disposition",
                                                  "content-language",
                                                  "cache-control",
                                                  "expires",
                                                  "range",
                                                  "if-match",
                                                  "if-none-match",
                                                  "if-modified-since",
                                                  "if-unmodified-since",
                                                  "expect"};
  for (const std::string& name : m.signed_headers) {
    // x-amz-*, and aws-sdk-js v3's amz-sdk-invocation-id and amz-sdk-request.
    if (name.rfind("x-amz-", 0) == 0 || name.rfind("amz-sdk-", 0) == 0) continue;
    if (std::find(std::begin(kRoutine), std::end(kRoutine), name) == std::end(kRoutine)) {
      return false;
    }
  }
  return true;
}

std::string fallback(const SigV4Mismatch& m) {
  std::string used;
  for (const std::string& name : m.material.signed_headers) {
    if (!used.empty()) used += ", ";
    used += name + "='" + canonical_header_value(header_value(m.material, name)) + "'";
  }
  if (well_formed(m.material)) {
    return "The signature was computed with a different secret key for access key '" +
           std::string(m.access_key) +
           "' than the one s3sandbox has for it: no other host, port, addressing style, method, "
           "path encoding or common header value makes it match. Give the client the secret key "
           "configured with --credential or S3SANDBOX_CREDENTIALS (default pair: s3sandbox / "
           "s3sandbox-secret). If the secret is right, compare CanonicalRequest in this response "
           "with the one the SDK logs; a URL signed for a host name s3sandbox does not know (a "
           "compose service) is checked once started with --host-alias NAME:PORT.";
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
           "signed value." +
           ssec_missing_hint(m.missing_headers);
  }
  for (auto check : {host_diagnosis, addressing_diagnosis, method_diagnosis, path_diagnosis,
                     content_type_diagnosis, header_value_diagnosis, secret_diagnosis,
                     content_length_diagnosis}) {
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
