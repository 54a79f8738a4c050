// Rendering of S3 XML responses with pugixml, byte-for-byte as S3 writes them: declaration
// `<?xml version="1.0" encoding="UTF-8"?>`, the S3 namespace on result roots, no indentation.
// Pure functions; thread safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/error.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::xml {

struct Owner {
  std::string id;
  std::string display_name;
};

// <Error><Code/><Message/>[fields...]<Resource/><RequestId/><HostId/>[<Diagnosis/>]</Error>
std::string render_error(const core::S3Error& error, std::string_view resource,
                         std::string_view request_id, std::string_view host_id);

std::string render_list_buckets(const std::vector<storage::BucketInfo>& buckets,
                                const Owner& owner);

std::string render_location(std::string_view region);  // "" renders an empty element

struct ListV1Params {
  std::string bucket, prefix, marker, delimiter, encoding_type;  // encoding_type "" or "url"
  int max_keys = 1000;
  std::string next_marker;  // rendered only when a delimiter is given and truncated
};
std::string render_list_objects_v1(const ListV1Params& p, const storage::ListPage& page,
                                   const Owner& owner);

struct ListV2Params {
  std::string bucket, prefix, delimiter, encoding_type, start_after;
  std::string continuation_token;       // as received ("" = none)
  std::string next_continuation_token;  // rendered when truncated
  int max_keys = 1000;
  bool fetch_owner = false;
};
std::string render_list_objects_v2(const ListV2Params& p, const storage::ListPage& page,
                                   const Owner& owner);

std::string render_copy_object_result(std::string_view etag_unquoted, core::TimePoint modified);

struct DeleteOutcome {
  std::string key;
  bool deleted = true;
  std::string error_code;     // when !deleted
  std::string error_message;  // when !deleted
};
std::string render_delete_result(const std::vector<DeleteOutcome>& outcomes, bool quiet);

}  // namespace s3sandbox::xml
