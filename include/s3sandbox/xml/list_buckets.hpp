// ListBuckets' answer with S3's paging and filters (max-buckets, continuation-token, prefix,
// bucket-region): each bucket with its BucketRegion, then ContinuationToken when more remain
// and Prefix when one was asked for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "s3sandbox/storage/types.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {

struct ListBucketsPage {
  std::vector<storage::BucketInfo> buckets;
  std::string continuation_token;  // empty: the last page
  std::optional<std::string> prefix;
};

std::string render_list_buckets_page(const ListBucketsPage& page, const Owner& owner);

}  // namespace s3sandbox::xml
