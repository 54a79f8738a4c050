// Parsing of S3 XML request bodies with pugixml, with size limits: bodies larger than the limit
// or not well formed are MalformedXML (or the specific S3 error noted). Pure; thread safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::xml {

inline constexpr std::size_t kMaxXmlBody = 2 * 1024 * 1024;  // bytes

// <CreateBucketConfiguration><LocationConstraint>eu-west-1</...></...>; empty body -> "".
core::Result<std::string> parse_create_bucket_configuration(std::string_view body);

struct DeleteRequest {
  bool quiet = false;
  std::vector<std::string> keys;  // 1..1000, else MalformedXML
};
core::Result<DeleteRequest> parse_delete_request(std::string_view body);

}  // namespace s3sandbox::xml
