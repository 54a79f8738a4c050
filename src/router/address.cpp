// Addressing: path-style (/bucket/key) or virtual-hosted style (bucket.<domain> Host). Keys are
// percent-decoded exactly once and never normalized: S3 keeps "//", "." and ".." as key bytes.
#include <algorithm>

#include "internal.hpp"
#include "s3sandbox/core/uri.hpp"
#include "text.hpp"

namespace s3sandbox::router {

std::string host_without_port(std::string_view host) {
  if (!host.empty() && host.front() == '[') {  // IPv6 literal, maybe with a port after ']'
    auto close = host.find(']');
    return core::to_lower(close == std::string_view::npos ? host : host.substr(0, close + 1));
  }
  if (auto colon = host.rfind(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // FQDN form "b.localhost."
  return core::to_lower(host);
}

}  // namespace s3sandbox::router

namespace s3sandbox::router::detail {
namespace {

constexpr std::string_view kSandboxPrefix = "/_sandbox";

core::S3Error invalid_uri(std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidURI).because(std::move(why));
}

// S3 keys are UTF-8 (S3 User Guide, "Naming Amazon S3 objects"); the storage keeps NUL-free
// UTF-8 and XML 1.0 listings cannot carry NUL, so both are refused here, before any handler.
core::Result<std::string> decode_key(std::string_view raw) {
  auto key = core::percent_decode(raw);  // '+' is itself in paths
  if (!key) {
    return invalid_uri(
        "the path has a '%' not followed by two hex digits; encode a literal '%' "
        "in a key as %25");
  }
  if (key->size() > kMaxKeyBytes) {
    return core::S3Error(core::ErrorCode::kKeyTooLongError)
        .because("the decoded key is " + std::to_string(key->size()) +
                 " bytes; S3 keys are at most 1024 bytes of UTF-8");
  }
  if (key->find('\0') != std::string::npos) {
    return invalid_uri("the decoded key contains a NUL byte (%00), which s3sandbox refuses");
  }
  if (auto bad = first_invalid_utf8(*key)) {
    return invalid_uri("the decoded key is not valid UTF-8 (byte " + std::to_string(*bad) +
                       "); S3 keys are UTF-8 strings");
  }
  return std::move(*key);
}

}  // namespace

std::string virtual_host_bucket(std::string_view host, const std::vector<std::string>& domains) {
  std::string best_bucket;
  std::size_t best_domain = 0;
  for (const std::string& configured : domains) {
    std::string domain = host_without_port(configured);
    if (domain.empty() || host.size() <= domain.size() + 1) continue;
    if (!host.ends_with(domain) || host[host.size() - domain.size() - 1] != '.') continue;
    // The longest domain wins: with "localhost" and "s3.localhost" configured,
    // "b.s3.localhost" is bucket "b", not "b.s3".
    if (domain.size() > best_domain) {
      best_domain = domain.size();
      best_bucket = std::string(host.substr(0, host.size() - domain.size() - 1));
    }
  }
  return best_bucket;
}

core::Result<Address> resolve_address(const core::RequestView& request,
                                      const RouterOptions& options) {
  std::string_view path = request.path;
  if (path.empty()) path = "/";
  if (path.front() != '/') return invalid_uri("the request path does not start with '/'");

  Address a;
  std::string host = host_without_port(request.header("Host").value_or(""));
  std::string bucket = virtual_host_bucket(host, options.virtual_host_domains);
  if (!bucket.empty()) {
    a.virtual_host = true;
    a.bucket = std::move(bucket);
    auto key = decode_key(path.substr(1));  // the whole path is the key
    if (!key) return key.error();
    a.key = std::move(*key);
    return a;
  }

  if (path.starts_with(kSandboxPrefix) &&
      (path.size() == kSandboxPrefix.size() || path[kSandboxPrefix.size()] == '/')) {
    a.sandbox = true;
    a.sandbox_path = std::string(path.substr(std::min(path.size(), kSandboxPrefix.size() + 1)));
    return a;
  }

  std::string_view rest = path.substr(1);
  if (rest.empty()) {
    a.service = true;
    return a;
  }
  auto slash = rest.find('/');
  auto decoded_bucket = core::percent_decode(rest.substr(0, slash));
  if (!decoded_bucket) {
    return invalid_uri("the bucket part of the path has a '%' not followed by two hex digits");
  }
  a.bucket = std::move(*decoded_bucket);
  if (slash != std::string_view::npos) {
    auto key = decode_key(rest.substr(slash + 1));
    if (!key) return key.error();
    a.key = std::move(*key);
  }
  return a;
}

}  // namespace s3sandbox::router::detail
