// What a signature refusal adds when the headers it names are SSE-C's: S3 takes the customer
// key only from the three x-amz-server-side-encryption-customer-* headers, and a URL presigned
// for SSE-C signs them (User Guide, "Presigned URLs and SSE-C"), so the client must send them
// with every use of the URL. Pure.
#pragma once

#include <string>
#include <vector>

namespace s3sandbox::auth {

// For headers the signature covers but the request did not send: "" unless one is SSE-C's.
std::string ssec_missing_hint(const std::vector<std::string>& missing);
// For x-amz-* headers the request sent but the signature does not cover: "" unless SSE-C's.
std::string ssec_unsigned_hint(const std::vector<std::string>& unsigned_names);

}  // namespace s3sandbox::auth
