#include "auth/ssec_signing_hint.hpp"

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::auth {
namespace {

bool names_ssec(const std::vector<std::string>& names) {
  constexpr std::string_view kPrefix = "x-amz-server-side-encryption-customer-";
  for (const std::string& n : names) {
    if (n.size() > kPrefix.size() &&
        core::iequals(std::string_view(n).substr(0, kPrefix.size()), kPrefix)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string ssec_missing_hint(const std::vector<std::string>& missing) {
  if (!names_ssec(missing)) return "";
  return " A URL presigned for SSE-C is used with the key: send "
         "x-amz-server-side-encryption-customer-algorithm (AES256), "
         "x-amz-server-side-encryption-customer-key (the base64 key) and "
         "x-amz-server-side-encryption-customer-key-MD5 as headers with every request to it; "
         "the URL alone (a browser's address bar, an <img>) cannot read or write an SSE-C object.";
}

std::string ssec_unsigned_hint(const std::vector<std::string>& unsigned_names) {
  if (!names_ssec(unsigned_names)) return "";
  return " For SSE-C, give the key to the signer so that the three "
         "x-amz-server-side-encryption-customer-* headers are signed (boto3: SSECustomerAlgorithm "
         "and SSECustomerKey in generate_presigned_url's Params; aws-sdk-js v3: in the command "
         "given to getSignedUrl).";
}

}  // namespace s3sandbox::auth
