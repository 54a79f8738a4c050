// The signature math of aws-chunked bodies (sigv4-streaming, sigv4-streaming-trailers): the
// string to sign of a chunk and of the trailer section, and their HMAC-SHA256 signatures.
//   chunk:   "AWS4-HMAC-SHA256-PAYLOAD\n" date "\n" scope "\n" previous "\n" sha256("") "\n"
//            sha256(chunk data)
//   trailer: "AWS4-HMAC-SHA256-TRAILER\n" date "\n" scope "\n" previous "\n"
//            sha256(canonical trailers), each trailer "name:value\n"
// The first `previous` is the seed (request) signature; a trailer chains from the final chunk.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/auth/aws_chunked.hpp"

namespace s3sandbox::auth {

std::string chunk_string_to_sign(const ChunkSigning& signing, std::string_view previous_signature,
                                 std::string_view chunk_sha256_hex);
// Lower-case hex.
std::string chunk_signature(const ChunkSigning& signing, std::string_view previous_signature,
                            std::string_view chunk_sha256_hex);

// "name:value\n" per field, in the order given (the order the client sent them).
std::string canonical_trailers(const std::vector<TrailerField>& trailers);
std::string trailer_string_to_sign(const ChunkSigning& signing, std::string_view previous_signature,
                                   std::string_view canonical_trailers);
std::string trailer_signature(const ChunkSigning& signing, std::string_view previous_signature,
                              std::string_view canonical_trailers);

}  // namespace s3sandbox::auth
