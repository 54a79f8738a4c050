// What the application tells an observer (the request journal, control/journal.hpp) about each
// finished S3 exchange: the request as received, what the application made of it (ExchangeFacts:
// the operation, who signed it and the verdict, the error and its diagnosis, the checksums
// promised, CORS) and what the HTTP layer measured (core::Completion: status, bytes, duration).
// Never a body, a secret key, a signature or a security token: the target is redacted by
// append_redacted_target, the one redaction the access log uses too.
// Requests to the sandbox's own API (/_sandbox/) and protocol errors are not reported.
// Thread safety: on_exchange() is called concurrently from the HTTP worker threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/exchange.hpp"

namespace s3sandbox::app {

// Appends the request target (path and query, as received) with the values of X-Amz-Signature,
// Signature and X-Amz-Security-Token replaced by REDACTED: a presigned URL in a log or journal
// would hand its access to whoever reads it.
void append_redacted_target(std::string& out, const core::RequestView& request);

// Gathered while the application answers (carried to on_complete as the Response's note).
struct ExchangeFacts final : core::ExchangeNote {
  core::TimePoint time;        // the sandbox clock when the request arrived
  std::string_view operation;  // the operations table's name; "" when routing failed
  std::string bucket, key, version_id;
  std::optional<std::int64_t> part_number;
  bool takes_body = false;      // the operation reads a request body (its BODY column)
  std::string_view error_code;  // S3's code when the answer is an error
  std::string diagnosis;        // s3sandbox's plain words, when there are some
  // Authentication: "sigv4-header", "sigv4-presigned", "sigv2-header", "sigv2-presigned",
  // "post-policy", "anonymous"; "" when it was never looked at (unrouted, preflight).
  std::string_view auth_kind;
  std::string access_key;
  std::string signed_headers;              // ';'-separated, lower case
  std::optional<core::TimePoint> expires;  // a presigned URL's expiry
  std::string_view verdict;                // "ok", "refused", "relaxed-by-warn-mode", or ""
  std::string checksums_promised;          // ','-separated: md5, crc32, sha256, sha256-payload...
  // For a refused signature: what the server signed over, as S3's error shows it (CanonicalRequest
  // for SigV4, StringToSign), security tokens redacted; "" otherwise.
  std::string canonical_request, string_to_sign;
  // CORS: the preflight's verdict ("allowed", "refused"; "" when not a preflight) and the rule
  // that matched ("rule 1 (ID x)", "permissive"; "" when none).
  std::string_view cors_preflight;
  std::string cors_rule;
  // The fault injected into this exchange, described; "" when none (set by fault injection).
  std::string fault;

  void set_fault(std::string description) { fault = std::move(description); }
};

struct ExchangeRecord {
  const core::RequestView& request;
  const ExchangeFacts& facts;
  const core::Completion& done;
  // The checksums the server verified: every one promised, for an upload it accepted (it
  // refuses any upload whose promise fails); none otherwise.
  bool promises_verified = false;
  // The request target with signatures redacted (append_redacted_target), made once per exchange
  // for the access log and the journal alike; "" when the caller did not make it.
  std::string_view redacted_target = {};
};

class ExchangeObserver {
 public:
  virtual ~ExchangeObserver() = default;
  virtual void on_exchange(const ExchangeRecord& record) = 0;
};

}  // namespace s3sandbox::app
