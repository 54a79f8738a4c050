// S3's naming rules for general purpose buckets, as CreateBucket applies them (the router itself
// never validates names: an existing bucket is looked up by whatever name the request carries).
// Rules from the S3 User Guide, "General purpose bucket naming rules": 3-63 characters; only
// lowercase letters, digits, '.' and '-'; begins and ends with a letter or digit; no two adjacent
// periods; not formatted as an IP address; none of the reserved prefixes (xn--, sthree-,
// amzn-s3-demo-) or suffixes (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3).
// Pure; thread safe.
#pragma once

#include <string>
#include <string_view>

namespace s3sandbox::router {

bool is_valid_bucket_name(std::string_view name);

// The first rule `name` breaks, in plain words ("" when valid), for diagnoses.
std::string bucket_name_problem(std::string_view name);

}  // namespace s3sandbox::router
