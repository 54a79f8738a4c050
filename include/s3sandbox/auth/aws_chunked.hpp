// AwsChunkedDecoder: an incremental, I/O-free decoder of `Content-Encoding: aws-chunked` bodies
// in the three streaming modes (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER],
// STREAMING-UNSIGNED-PAYLOAD-TRAILER). Wire bytes go in, in any split; payload bytes come out to
// a sink as they arrive (chunk data is never buffered: only size and trailer lines are, bounded
// by AwsChunkedLimits). Chunk signatures are chained from the seed (request) signature and
// checked once each chunk's data and CRLF have arrived, so the sink sees a chunk's bytes before
// its signature is known: the caller commits nothing until finish() succeeds.
//
// Refusals are what S3 returns (found in the versitygw issues that replay malformed bodies
// against S3, e.g. versity/versitygw#1666, #1685, #1683, #1600, #1626, and the S3 error table):
//   - a chunk or trailer signature that does not match: SignatureDoesNotMatch (403);
//   - any framing fault (non-hex or missing size, missing CRLF, missing or malformed
//     chunk-signature in signed modes, chunk-signature in unsigned mode, oversize line, a size
//     over s3sandbox's per-chunk limit, bytes after the end, a truncated body): IncompleteBody
//     (400) "The request body terminated unexpectedly" - S3 reports every malformed encoding so;
//   - a non-final chunk under 8192 bytes: InvalidChunkSizeError (400) with Chunk and BadChunkSize;
//   - a trailer that is malformed, undeclared in x-amz-trailer, repeated, missing (unsigned) or
//     oversize: MalformedTrailerError (400).
// Leniency, only where real clients differ: whitespace around a trailer's ':' (AWS trims it) and
// aws-sdk-js's shape for an unsigned body with no trailer, which ends right after "0\r\n".
// Thread safety: one decoder per request body; not for concurrent use.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::auth {

// From AuthResult; absent for unsigned modes or when the seed signature was not verified
// (warn/off mode): chunk and trailer signatures are then parsed but not checked.
struct ChunkSigning {
  std::string signing_key;     // raw
  std::string amz_date;        // 20130524T000000Z
  std::string scope;           // 20130524/us-east-1/s3/aws4_request
  std::string seed_signature;  // lower-case hex
};

struct AwsChunkedLimits {
  std::size_t max_line = 4096;                 // chunk-size line / trailer line
  std::uint64_t max_chunk_size = 64ull << 20;  // larger declared sizes are refused
  std::size_t max_trailer_bytes = 16 * 1024;
  // S3 refuses a chunk after one smaller than this (InvalidChunkSizeError); 0 disables.
  std::uint64_t min_non_final_chunk = 8192;
};

struct AwsChunkedOptions {
  PayloadMode mode;                            // one of the three streaming modes
  std::optional<ChunkSigning> signing;         // required to verify signed modes
  std::vector<std::string> declared_trailers;  // lower-case names from x-amz-trailer
  AwsChunkedLimits limits;
};

struct TrailerField {
  std::string name;  // lower-cased
  std::string value;
};

class AwsChunkedDecoder {
 public:
  using Sink = std::function<core::Result<void>(std::span<const char>)>;

  // Throws std::invalid_argument when `options.mode` is not a streaming mode (a caller bug).
  explicit AwsChunkedDecoder(AwsChunkedOptions options);

  // Feeds the next wire bytes (any split, even 1 byte); decoded payload bytes go to `sink`
  // (possibly in several calls; a sink error is returned as is). After an error the decoder
  // stays failed and returns the same error.
  core::Result<void> feed(std::span<const char> wire, const Sink& sink);
  // The body ended: errors unless the final chunk (and trailers, when the mode has them) were
  // complete.
  core::Result<void> finish();

  const std::vector<TrailerField>& trailers() const { return trailers_; }  // no signature line
  std::uint64_t decoded_size() const { return decoded_size_; }

 private:
  enum class State { kSizeLine, kData, kDataCrlf, kTrailerLine, kFinalCrlf, kDone, kFailed };

  core::Result<void> step(std::span<const char>& wire, const Sink& sink);
  core::Result<void> on_size_line();
  core::Result<void> on_data_end();
  core::Result<void> on_trailer_line();
  core::Result<void> end_of_trailers();
  core::Result<void> fail(core::S3Error error);
  bool signed_mode() const;
  bool has_trailers() const;
  std::string where() const;  // "chunk 2 (wire offset 65626)" for diagnoses

  AwsChunkedOptions options_;
  State state_ = State::kSizeLine;
  std::optional<core::S3Error> error_;
  std::string line_;               // the line being accumulated (without CRLF)
  std::uint64_t wire_offset_ = 0;  // bytes consumed so far
  std::uint64_t line_start_ = 0;   // wire offset of line_'s first byte
  std::uint64_t chunk_index_ = 0;  // 1-based index of the current chunk
  std::uint64_t chunk_size_ = 0;   // declared size of the current chunk
  std::uint64_t chunk_left_ = 0;   // data bytes still expected
  std::uint64_t chunk_wire_start_ = 0;
  std::optional<std::uint64_t> previous_chunk_size_;
  int crlf_seen_ = 0;               // bytes of an expected CRLF matched so far
  std::string chunk_signature_;     // as sent for the current chunk
  std::string previous_signature_;  // chain: seed, then each verified chunk
  crypto::Digest chunk_digest_{crypto::DigestKind::kSha256};
  std::vector<TrailerField> trailers_;
  std::size_t trailer_bytes_ = 0;
  bool trailer_signature_seen_ = false;
  std::uint64_t decoded_size_ = 0;
};

}  // namespace s3sandbox::auth
