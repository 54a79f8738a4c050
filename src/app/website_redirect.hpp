// x-amz-website-redirect-location: S3 stores it with the object (PutObject, CopyObject,
// CreateMultipartUpload) and returns it on GET and HEAD; s3sandbox serves no website endpoint,
// so storing and returning it is all S3 does that a client can see here.
#pragma once

#include "s3sandbox/core/exchange.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

inline constexpr const char* kWebsiteRedirectSetting = "website-redirect";

// Reads and checks the header into meta.settings (absent: left as it is).
core::Result<void> read_website_redirect(const core::RequestView& request,
                                         storage::ObjectMeta& meta);

}  // namespace s3sandbox::app
