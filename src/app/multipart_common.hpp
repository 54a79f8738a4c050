// Shared by the multipart handlers: reading uploadId / partNumber, finding the upload (with S3's
// NoSuchUpload fields), and the checksum settings an upload was created with.
#pragma once

#include <optional>
#include <string>

#include "exchange_state.hpp"
#include "s3sandbox/crypto/checksum.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::app {

// The upload named by ?uploadId for this bucket and key; NoSuchUpload / NoSuchBucket otherwise.
core::Result<storage::MultipartUpload> find_upload(const ExchangeState& x);

// ?partNumber as 1..10000, else InvalidArgument as S3 words it.
core::Result<int> read_part_number(const ExchangeState& x);

// The algorithm an upload combines its parts with (its x-amz-checksum-algorithm), if any.
std::optional<crypto::ChecksumAlgorithm> upload_algorithm(const storage::MultipartUpload& u);

}  // namespace s3sandbox::app
