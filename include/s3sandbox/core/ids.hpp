// Identifiers: request ids (16 upper-case hex characters, like S3's x-amz-request-id), host ids,
// and unique names for data files and uploads. Random from a per-thread generator seeded from the
// OS; thread safe.
#pragma once

#include <string>

namespace s3sandbox::core {

std::string new_request_id();  // "4442587FB7D0A2F9"
std::string new_unique_id();   // 32 lower-case hex characters
std::string random_hex(std::size_t n_chars);

}  // namespace s3sandbox::core
