#include "auth/auth_errors.hpp"

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::auth {

using core::ErrorCode;
using core::S3Error;

std::string iso_seconds(core::TimePoint t) {
  std::string iso = core::format_iso8601(t);  // "2009-10-12T17:50:30.000Z"
  return iso.substr(0, 19) + "Z";
}

std::string describe_duration(std::chrono::seconds d) {
  auto total = d.count() < 0 ? -d.count() : d.count();
  auto days = total / 86400, hours = (total % 86400) / 3600, minutes = (total % 3600) / 60,
       seconds = total % 60;
  std::string out;
  auto add = [&out](long long v, const char* unit) {
    if (v == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(v) + ' ' + unit;
  };
  add(days, "d");
  add(hours, "h");
  add(minutes, "min");
  add(seconds, "s");
  return out.empty() ? "0 s" : out;
}

S3Error invalid_access_key(std::string_view access_key) {
  return S3Error(ErrorCode::kInvalidAccessKeyId).with("AWSAccessKeyId", std::string(access_key));
}

S3Error access_denied(std::string_view message) {
  return S3Error(ErrorCode::kAccessDenied, std::string(message));
}

S3Error headers_not_signed(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& n : names) {
    if (!list.empty()) list += ", ";
    list += n;
  }
  return S3Error(ErrorCode::kAccessDenied,
                 "There were headers present in the request which were not signed")
      .with("HeadersNotSigned", list);
}

S3Error request_expired(std::optional<std::int64_t> x_amz_expires, core::TimePoint expires_at,
                        core::TimePoint now) {
  S3Error e(ErrorCode::kAccessDenied, "Request has expired");
  if (x_amz_expires) e.fields.emplace_back("X-Amz-Expires", std::to_string(*x_amz_expires));
  e.fields.emplace_back("Expires", iso_seconds(expires_at));
  e.fields.emplace_back("ServerTime", iso_seconds(now));
  return e;
}

S3Error request_not_yet_valid(core::TimePoint signed_at, core::TimePoint expires_at,
                              core::TimePoint now) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(signed_at.time_since_epoch());
  return S3Error(ErrorCode::kAccessDenied, "Request is not yet valid")
      .with("X-Amz-Date", std::to_string(ms.count()))
      .with("Expires", iso_seconds(expires_at))
      .with("ServerTime", iso_seconds(now));
}

S3Error request_time_too_skewed(std::string_view request_time, core::TimePoint now,
                                std::chrono::seconds max_skew) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(max_skew);
  return S3Error(ErrorCode::kRequestTimeTooSkewed)
      .with("RequestTime", std::string(request_time))
      .with("ServerTime", iso_seconds(now))
      .with("MaxAllowedSkewMilliseconds", std::to_string(ms.count()));
}

void note_moved_clock(S3Error& e, std::chrono::seconds moved) {
  if (moved.count() == 0) return;
  const bool skewed = e.code == ErrorCode::kRequestTimeTooSkewed;
  const std::string_view message = e.effective_message();
  const bool expiry = e.code == ErrorCode::kAccessDenied &&
                      (message == "Request has expired" || message == "Request is not yet valid");
  if (!skewed && !expiry) return;
  std::string note = "The SANDBOX clock was moved " + describe_duration(moved) +
                     (moved.count() > 0 ? " ahead of" : " behind") + " the real time";
  if (skewed) {
    note +=
        " (clients sign with the real time, so every request is refused while it is more than "
        "15 min away)";
  }
  note +=
      "; PUT /_sandbox/clock?offset=0 puts it back. To test expiry, presign first, then "
      "advance the clock (PUT /_sandbox/clock?advance=+1h), then advance it back.";
  if (!e.diagnosis.empty()) e.diagnosis += ' ';
  e.diagnosis += note;
}

S3Error sigv4_mismatch(std::string_view access_key, std::string_view string_to_sign,
                       std::string_view signature_provided, std::string_view canonical_request) {
  return S3Error(ErrorCode::kSignatureDoesNotMatch)
      .with("AWSAccessKeyId", std::string(access_key))
      .with("StringToSign", std::string(string_to_sign))
      .with("SignatureProvided", std::string(signature_provided))
      .with("StringToSignBytes", spaced_hex_bytes(string_to_sign))
      .with("CanonicalRequest", std::string(canonical_request))
      .with("CanonicalRequestBytes", spaced_hex_bytes(canonical_request));
}

S3Error sigv2_mismatch(std::string_view access_key, std::string_view string_to_sign,
                       std::string_view signature_provided) {
  return S3Error(ErrorCode::kSignatureDoesNotMatch)
      .with("AWSAccessKeyId", std::string(access_key))
      .with("StringToSign", std::string(string_to_sign))
      .with("SignatureProvided", std::string(signature_provided))
      .with("StringToSignBytes", spaced_hex_bytes(string_to_sign));
}

}  // namespace s3sandbox::auth
