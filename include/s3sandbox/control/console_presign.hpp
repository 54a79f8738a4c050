// Presigned URLs for the web console (docs/console.md): the page never holds a secret, so it asks
// the console API to sign the exact S3 request it is about to send (method, path, query, the
// headers it will send) with the server's first credential, then sends it as any S3 client
// would. The request then takes the whole S3 path (routing, SigV4 verification, handlers,
// journal) like any other.
// Thread safety: a pure function.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/core/clock.hpp"

namespace s3sandbox::control {

struct PresignRequest {
  std::string method;  // GET, PUT, POST, DELETE, HEAD
  std::string host;    // the Host header the page will send (its own origin's)
  std::string bucket;  // "" for the service (ListBuckets)
  std::string key;     // "" for the bucket
  std::vector<std::pair<std::string, std::string>> query;    // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // sent and signed, besides host
  std::chrono::seconds expires{900};
};

// The path and query to request ("/bucket/key?...X-Amz-Signature=..."), signed with SigV4 for
// `region` at `now`.
std::string presign_path(const PresignRequest& request, const auth::Credential& credential,
                         std::string_view region, core::TimePoint now);

}  // namespace s3sandbox::control
