#include "ssec_in_query.hpp"

#include <string>
#include <vector>

#include "s3sandbox/core/request.hpp"

namespace s3sandbox::app {

std::optional<core::S3Error> ssec_in_query(const router::Operation& op, std::string_view prefix) {
  std::vector<std::string> names;
  bool key_in_url = false;
  for (const core::QueryParam& p : op.query) {
    if (p.name.size() < prefix.size() || !core::iequals(p.name.substr(0, prefix.size()), prefix)) {
      continue;
    }
    names.emplace_back(p.name);
    key_in_url = key_in_url || core::iequals(p.name.substr(prefix.size()), "key");
  }
  if (names.empty()) return std::nullopt;
  std::string found;
  for (const std::string& n : names) found += (found.empty() ? "" : ", ") + n;
  const std::string base(prefix);
  std::string why =
      "the URL's query string has " + found +
      ", but S3 reads an SSE-C key only from request headers. Presign with SigV4 and give the "
      "key to the presigner (boto3: generate_presigned_url with SSECustomerAlgorithm and "
      "SSECustomerKey in Params and signature_version='s3v4'; aws-sdk-js v3: getSignedUrl with "
      "SSECustomerAlgorithm and SSECustomerKey in the command) so that they are in "
      "X-Amz-SignedHeaders, and send " +
      base + "algorithm, " + base + "key and " + base +
      "key-MD5 as headers with every request to the URL";
  if (key_in_url) {
    why +=
        ". This URL carries the key itself: URLs end up in logs and browser history, so treat "
        "that key as exposed";
  }
  return core::S3Error(core::ErrorCode::kInvalidRequest,
                       "Requests specifying Server Side Encryption with Customer provided keys "
                       "must provide the key in the request headers.")
      .because(std::move(why));
}

}  // namespace s3sandbox::app
