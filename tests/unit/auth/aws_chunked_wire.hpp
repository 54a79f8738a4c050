// Test helpers for the aws-chunked decoder: a client-side encoder whose signatures are computed
// independently of src/auth/aws_chunked_signing (HMAC over the documented string to sign, built
// here by hand), and a driver that feeds a body to a decoder in given pieces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/auth/aws_chunked.hpp"

namespace s3sandbox::auth::testing {

// The AWS documentation's credentials and scope (sigv4-streaming examples).
ChunkSigning aws_example_signing(const std::string& seed_signature);

std::string independent_chunk_signature(const ChunkSigning& s, std::string_view previous,
                                        std::string_view data);
std::string independent_trailer_signature(const ChunkSigning& s, std::string_view previous,
                                          std::string_view canonical_trailers);

using Trailers = std::vector<std::pair<std::string, std::string>>;

// "<hex>;chunk-signature=<sig>\r\n<data>\r\n" per `chunk` bytes, then the final chunk, then
// (when `signed_trailers`) the trailers and x-amz-trailer-signature, then the closing CRLF.
std::string encode_signed(const ChunkSigning& s, std::string_view data, std::size_t chunk,
                          bool signed_trailers = false, const Trailers& trailers = {});
// botocore's AwsChunkedWrapper shape: "<hex>\r\n<data>\r\n"..., "0\r\n", trailers, "\r\n".
std::string encode_unsigned(std::string_view data, std::size_t chunk, const Trailers& trailers);

struct Decoded {
  core::Result<void> result;  // the first error of feed() or finish()
  std::string data;
  std::vector<TrailerField> trailers;
};
// Feeds `wire` cut at the (ascending) offsets in `cuts`, then calls finish().
Decoded decode(const AwsChunkedOptions& options, std::string_view wire,
               const std::vector<std::size_t>& cuts = {});
Decoded decode_bytewise(const AwsChunkedOptions& options, std::string_view wire);

}  // namespace s3sandbox::auth::testing
