// SSE-C parameters found in a request's query string instead of its headers. S3 takes the
// customer key only from the three x-amz-server-side-encryption-customer-* request headers, and
// a presigned URL for SSE-C must sign them as headers (User Guide, "Presigned URLs and SSE-C":
// the algorithm in the signature calculation, all the encryption headers sent by the client;
// botocore's SigV4 presigner and aws-sdk-js v3's getSignedUrl keep them as signed headers). A
// URL that carries them in its query (boto3's SigV2 presigner moves every x-amz-* header there,
// or a hand-built URL) would otherwise store the object unencrypted or fail to read it: the
// request is refused, saying what to change. Pure.
#pragma once

#include <optional>
#include <string_view>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::app {

// The refusal when `op`'s query has parameters named `prefix`* (case-insensitive; prefix is
// "x-amz-server-side-encryption-customer-" or its copy-source form), else nullopt.
std::optional<core::S3Error> ssec_in_query(const router::Operation& op, std::string_view prefix);

}  // namespace s3sandbox::app
