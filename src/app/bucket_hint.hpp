// The NoSuchBucket diagnosis: when a bucket is not found but one with a similar name exists
// (the same name in another case, or with '-', '_' and '.' swapped), name it. A typo between
// environments ("media_uploads" in code, "media-uploads" created) is the common cause.
// Thread safety: as the backend's list_buckets.
#pragma once

#include <string>
#include <string_view>

#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::app {

// The diagnosis naming a similarly named existing bucket, or "" when there is none.
std::string similar_bucket_diagnosis(storage::Backend& backend, std::string_view missing);

}  // namespace s3sandbox::app
