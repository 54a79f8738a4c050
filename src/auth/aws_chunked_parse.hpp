// Parsing of the two kinds of lines an aws-chunked body holds: the chunk-size line
// ("hex-size;chunk-signature=<64 hex>" signed, "hex-size" unsigned) and a trailer line
// ("name:value"). Lines are given without their CRLF. On failure the functions return nullopt
// and set `problem` to a plain-words reason; the decoder adds where it happened and the code.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/auth/aws_chunked.hpp"

namespace s3sandbox::auth {

struct ChunkLine {
  std::uint64_t size = 0;
  std::string signature;  // empty in unsigned mode
};

// Strict: 1 to 16 hex digits (either case); in signed mode exactly ";chunk-signature=" and 64
// hex digits follow; in unsigned mode nothing follows.
std::optional<ChunkLine> parse_chunk_line(std::string_view line, bool signed_mode,
                                          std::string& problem);

// Spaces and tabs around the name and the value are trimmed (AWS accepts them); the name is
// lower-cased and must be a non-empty HTTP token.
std::optional<TrailerField> parse_trailer_line(std::string_view line, std::string& problem);

bool is_hex_signature(std::string_view s);  // 64 hex digits

// Printable rendering of a few bytes for diagnoses: "\r" "\n" and non-ASCII escaped.
std::string printable(std::string_view bytes, std::size_t max = 40);

}  // namespace s3sandbox::auth
