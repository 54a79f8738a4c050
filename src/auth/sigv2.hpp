// SigV2 (the legacy "AWS AKID:signature" scheme), still what boto3 and the aws CLI v1 presign
// with by default: the header form and the query form (AWSAccessKeyId, Signature, absolute
// Expires). String to sign: Method, Content-MD5, Content-Type, Date (or Expires), the x-amz-*
// headers, then the resource: "/bucket/key" as sent (percent-encoded) plus the sub-resources S3
// signs, with decoded values, sorted. In the query form, content-type, content-md5 and x-amz-*
// query parameters stand for the headers (botocore hoists them into the URL).
// Thread safety: pure functions; safe to call concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/query_params.hpp"
#include "auth/verify_sigv4.hpp"

namespace s3sandbox::auth {

// `bucket_slash`: for a request on a bucket itself, write the resource "/bucket/" (as S3's SigV2
// documentation does) rather than the path as sent ("/bucket"); clients use both forms.
std::string sigv2_canonical_resource(std::string_view raw_path, QueryParams params,
                                     const AuthContext& context, bool bucket_slash = false);

struct SigV2Parts {
  std::string method, content_md5, content_type, date, amz_headers, resource;
};
// amz_headers: "name:value\n" per x-amz-* header, names lower-case, sorted.
std::string sigv2_string_to_sign(const SigV2Parts& parts);
// Base64 HMAC-SHA1.
std::string sigv2_sign(std::string_view secret, std::string_view string_to_sign);

// The string to sign this request implies (header form when !presigned).
std::string sigv2_string_to_sign_for(const core::RequestView& request, QueryParams params,
                                     const AuthContext& context, bool presigned,
                                     bool bucket_slash = false);

bool is_presigned_v2(QueryParams params);

// Verifies a SigV2 signature over this request (both bucket-resource forms), with a diagnosis of
// presigned content-type / content-md5 values the request's headers do not repeat.
core::Result<AuthResult> check_sigv2_request(const core::RequestView& request, QueryParams params,
                                             const AuthContext& context, bool presigned,
                                             std::string_view access_key, std::string_view provided,
                                             const VerifyEnv& env);

core::Result<AuthResult> verify_sigv2_header(const core::RequestView& request,
                                             std::string_view authorization,
                                             const AuthContext& context, const VerifyEnv& env);
core::Result<AuthResult> verify_sigv2_presigned(const core::RequestView& request,
                                                QueryParams params, const AuthContext& context,
                                                const VerifyEnv& env);

}  // namespace s3sandbox::auth
