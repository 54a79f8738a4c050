#include <algorithm>

#include "s3sandbox/auth/presigned_facts.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/explain/render.hpp"

namespace s3sandbox::explain {
namespace {

std::string iso(core::TimePoint t) { return core::format_iso8601(t).substr(0, 19) + "Z"; }

void line(std::string& out, std::string_view label, std::string_view value) {
  if (value.empty()) return;
  out += "  ";
  out += label;
  out.append(label.size() < 18 ? 18 - label.size() : 1, ' ');
  out += value;
  out += '\n';
}

std::string what_to_send(const SignedHeader& h) {
  if (h.source == "signed-empty") return "must NOT be sent (signed as empty)";
  if (!h.must_send)
    return "'" + h.value.value_or("") + "' (carried by the URL's query; send nothing)";
  if (!h.value) return "must be sent, with the value given to the signer (not in the URL)";
  if (h.name == "host" && h.source == "url") return "'" + *h.value + "' (sent by every client)";
  return "must be sent as '" + *h.value + "'";
}

void time_section(std::string& out, const Report& r) {
  if (r.signed_at) line(out, "signed at", iso(*r.signed_at));
  if (r.expires_at) {
    std::string expiry = iso(*r.expires_at);
    if (r.expires_seconds)
      expiry += " (" + std::to_string(*r.expires_seconds) + " s after signing)";
    line(out, "expires", expiry);
  }
  if (r.remaining_seconds) {
    auto left = std::chrono::seconds(*r.remaining_seconds);
    line(out, "remaining",
         r.expired
             ? "none: expired " + auth::describe_duration(left) + " ago"
             : auth::describe_duration(left) + (r.over_seven_days ? " (over seven days)" : ""));
  }
}

}  // namespace

std::string to_text(const Report& r) {
  std::string out = "URL " + r.url + "\n";
  if (r.parsed) {
    out += "Signature\n";
    line(out, "version", r.version == "none" ? "none (not presigned)" : r.version);
    line(out, "algorithm", r.algorithm);
    line(out, "access key", r.access_key);
    line(out, "region", r.region);
    if (r.security_token) line(out, "session token", "yes (X-Amz-Security-Token)");
    out += "Target\n";
    line(out, "host", r.scheme + "://" + r.host);
    line(out, "bucket", r.bucket);
    line(out, "key", r.key);
    line(out, "addressing", r.addressing);
    line(out, "operation", r.operation);
    out += "Method\n";
    line(out, "given", r.method_given);
    line(out, "allowed", r.method_note);
    if (!r.signed_headers.empty()) out += "Signed headers\n";
    for (const SignedHeader& h : r.signed_headers) line(out, h.name, what_to_send(h));
    out += "Time\n";
    time_section(out, r);
    if (!r.checksums.empty()) out += "Checksums\n";
    for (const Checksum& c : r.checksums) {
      line(out, c.name,
           c.value + (c.empty_body ? "  (the empty body's: no upload can match)" : ""));
    }
    if (!r.response_overrides.empty()) out += "Response overrides\n";
    for (const auto& [name, value] : r.response_overrides) line(out, name, value);
    out += "Signature check\n";
    const Verdict& v = r.verdict;
    if (!v.checked) {
      line(out, "result", "not checked (no credential given)");
    } else if (v.valid) {
      line(out, "result",
           "valid for " + v.method + " with the headers given (" + v.credential_source +
               " credential)");
    } else {
      line(out, "result", "refused for " + v.method + ": " + v.error_code);
      for (const auto& [name, value] : v.fields) {
        if (name != "CanonicalRequest" && name != "StringToSign") continue;
        out += "  " + name + " (as the server computed it):\n";
        for (std::size_t from = 0; from <= value.size();) {
          std::size_t nl = std::min(value.find('\n', from), value.size());
          std::string part = value.substr(from, nl - from);
          out += (part.empty() ? part : "    " + part) + "\n";
          from = nl + 1;
        }
      }
    }
  }
  if (!r.findings.empty()) out += "Findings\n";
  for (const Finding& f : r.findings) {
    out += "  " + std::string(severity_name(f.severity)) + " [" + f.code + "] " + f.message + "\n";
  }
  out += r.usable() ? "Usable as given.\n" : "NOT usable as given.\n";
  return out;
}

}  // namespace s3sandbox::explain
