#include "aws_chunked_wire.hpp"

#include <cstdio>

#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth::testing {
namespace {

std::string hex_size(std::size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%zx", n);
  return buf;
}

}  // namespace

ChunkSigning aws_example_signing(const std::string& seed_signature) {
  return ChunkSigning{derive_signing_key(kSk, "20130524", "us-east-1", "s3"), kDate,
                      "20130524/us-east-1/s3/aws4_request", seed_signature};
}

std::string independent_chunk_signature(const ChunkSigning& s, std::string_view previous,
                                        std::string_view data) {
  std::string sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + s.amz_date + "\n" + s.scope + "\n" +
                    std::string(previous) + "\n" + crypto::sha256_hex("") + "\n" +
                    crypto::sha256_hex(data);
  return crypto::hex_encode(crypto::hmac_sha256(s.signing_key, sts));
}

std::string independent_trailer_signature(const ChunkSigning& s, std::string_view previous,
                                          std::string_view canonical_trailers) {
  std::string sts = "AWS4-HMAC-SHA256-TRAILER\n" + s.amz_date + "\n" + s.scope + "\n" +
                    std::string(previous) + "\n" + crypto::sha256_hex(canonical_trailers);
  return crypto::hex_encode(crypto::hmac_sha256(s.signing_key, sts));
}

std::string encode_signed(const ChunkSigning& s, std::string_view data, std::size_t chunk,
                          bool signed_trailers, const Trailers& trailers) {
  std::string wire;
  std::string previous = s.seed_signature;
  auto put = [&](std::string_view piece) {
    previous = independent_chunk_signature(s, previous, piece);
    wire += hex_size(piece.size()) + ";chunk-signature=" + previous + "\r\n";
    wire.append(piece);
    if (!piece.empty()) wire += "\r\n";
  };
  for (std::size_t at = 0; at < data.size(); at += chunk) put(data.substr(at, chunk));
  put({});
  if (signed_trailers) {
    std::string canonical;
    for (const auto& [name, value] : trailers) {
      wire += name + ":" + value + "\r\n";
      canonical += name + ":" + value + "\n";
    }
    wire +=
        "x-amz-trailer-signature:" + independent_trailer_signature(s, previous, canonical) + "\r\n";
  }
  return wire + "\r\n";
}

std::string encode_unsigned(std::string_view data, std::size_t chunk, const Trailers& trailers) {
  std::string wire;
  for (std::size_t at = 0; at < data.size(); at += chunk) {
    std::string_view piece = data.substr(at, chunk);
    wire += hex_size(piece.size()) + "\r\n";
    wire.append(piece);
    wire += "\r\n";
  }
  wire += "0\r\n";
  for (const auto& [name, value] : trailers) wire += name + ":" + value + "\r\n";
  return wire + "\r\n";
}

Decoded decode(const AwsChunkedOptions& options, std::string_view wire,
               const std::vector<std::size_t>& cuts) {
  Decoded out;
  AwsChunkedDecoder decoder(options);
  auto sink = [&](std::span<const char> bytes) -> core::Result<void> {
    out.data.append(bytes.data(), bytes.size());
    return {};
  };
  std::size_t from = 0;
  auto feed_to = [&](std::size_t to) {
    out.result = decoder.feed(std::span<const char>(wire.data() + from, to - from), sink);
    from = to;
    return static_cast<bool>(out.result);
  };
  for (std::size_t cut : cuts) {
    if (!feed_to(cut)) return out;
  }
  if (!feed_to(wire.size())) return out;
  out.result = decoder.finish();
  out.trailers = decoder.trailers();
  if (out.result && decoder.decoded_size() != out.data.size()) {
    out.result = core::S3Error(core::ErrorCode::kInternalError, "decoded_size() disagrees");
  }
  return out;
}

Decoded decode_bytewise(const AwsChunkedOptions& options, std::string_view wire) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < wire.size(); ++i) cuts.push_back(i);
  return decode(options, wire, cuts);
}

}  // namespace s3sandbox::auth::testing
