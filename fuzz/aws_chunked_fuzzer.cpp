// Fuzzes the aws-chunked decoder in its three streaming modes, fed in fuzzer-chosen pieces.
// Input: byte 0 flags, byte 1 split seed (fuzz_support.hpp Splitter), then the wire bytes.
// Flags: mode = (b & 3) % 3 (signed, signed + trailer, unsigned + trailer); b & 4 verify signatures
// with the AWS example key and seed (else parse them only, as in warn mode); b & 8 declare
// x-amz-checksum-crc32 in x-amz-trailer (else x-amz-checksum-sha256; none when b & 64); b & 16 keep
// S3's 8 KiB minimum for non-final chunks (else 16 bytes, so small inputs reach multi-chunk paths);
// b & 32 tiny line and trailer limits. The sink discards; the decoder's own accounting is checked.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "s3sandbox/auth/aws_chunked.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"

namespace {

using namespace s3sandbox;

// The AWS SigV4 streaming examples' key, time, scope and seed signature.
const std::string& example_key() {
  static const std::string key = auth::derive_signing_key(
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3");
  return key;
}
constexpr const char* kSeedSignature =
    "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

auth::AwsChunkedOptions options_for(unsigned flags) {
  static const auth::PayloadMode kModes[] = {auth::PayloadMode::kStreamingSigned,
                                             auth::PayloadMode::kStreamingSignedTrailer,
                                             auth::PayloadMode::kStreamingUnsignedTrailer};
  auth::AwsChunkedOptions o;
  o.mode = kModes[(flags & 3) % 3];
  if ((flags & 4) && o.mode != auth::PayloadMode::kStreamingUnsignedTrailer) {
    o.signing = auth::ChunkSigning{example_key(), "20130524T000000Z",
                                   "20130524/us-east-1/s3/aws4_request", kSeedSignature};
  }
  if (!(flags & 64)) {
    o.declared_trailers = {(flags & 8) ? "x-amz-checksum-crc32" : "x-amz-checksum-sha256"};
  }
  if (!(flags & 16)) o.limits.min_non_final_chunk = 16;
  if (flags & 32) {
    o.limits.max_line = 96;
    o.limits.max_trailer_bytes = 128;
  }
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const unsigned flags = data[0];
  fuzz::Splitter splitter(data[1]);
  std::string_view wire(reinterpret_cast<const char*>(data) + 2, size - 2);

  auth::AwsChunkedDecoder decoder(options_for(flags));
  std::uint64_t sunk = 0;
  auto sink = [&](std::span<const char> bytes) -> core::Result<void> {
    sunk += bytes.size();
    return {};
  };
  std::uint64_t fed = 0;
  core::Result<void> result;
  bool ok = fuzz::feed_in_pieces(wire, splitter, [&](std::span<const char> piece) {
    fed += piece.size();
    result = decoder.feed(piece, sink);
    return static_cast<bool>(result);
  });
  if (ok) {
    S3SANDBOX_FUZZ_CHECK(sunk <= fed);
    result = decoder.finish();
    ok = static_cast<bool>(result);
  } else {
    // A failed decoder stays failed with the same error.
    S3SANDBOX_FUZZ_CHECK(!decoder.feed(std::span<const char>("0\r\n", 3), sink));
  }
  S3SANDBOX_FUZZ_CHECK(decoder.decoded_size() == sunk);
  fuzz::report("aws_chunked", ok,
               std::to_string(sunk) + " bytes" + (ok ? "" : ": " + result.error().diagnosis));
  if (ok) {
    const auth::AwsChunkedOptions options = options_for(flags);
    for (const auth::TrailerField& t : decoder.trailers()) {
      S3SANDBOX_FUZZ_CHECK(!options.declared_trailers.empty() &&
                           t.name == options.declared_trailers[0]);
    }
  }
  return 0;
}
