// AwsChunkedDecoder refusals: what S3 answers for tampered, truncated and malformed aws-chunked
// bodies (see the header comment of aws_chunked.hpp for where each code comes from), each with a
// plain-words diagnosis.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aws_chunked_wire.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

using core::ErrorCode;
using testing::aws_example_signing;
using testing::decode;
using testing::field;

constexpr const char* kSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
constexpr const char* kSig1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
constexpr const char* kSig3 = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

const std::string kData = pattern(66560);

AwsChunkedOptions signed_options() {
  return {PayloadMode::kStreamingSigned, aws_example_signing(kSeed), {}, {}};
}
AwsChunkedOptions signed_trailer_options() {
  return {PayloadMode::kStreamingSignedTrailer,
          aws_example_signing(kSeed),
          {"x-amz-checksum-crc32"},
          {}};
}
AwsChunkedOptions unsigned_options(std::vector<std::string> declared = {"x-amz-checksum-crc32"}) {
  return {PayloadMode::kStreamingUnsignedTrailer, std::nullopt, std::move(declared), {}};
}

// AWS's documented 64 KiB + 1 KiB body, signed chunks, no trailer.
std::string doc_wire() {
  return testing::encode_signed(aws_example_signing(kSeed), std::string(66560, 'a'), 65536);
}
std::string signed_wire() {
  return testing::encode_signed(aws_example_signing(kSeed), kData, 65536);
}
std::string signed_trailer_wire(const testing::Trailers& trailers = {
                                    {"x-amz-checksum-crc32", "AAAAAA=="}}) {
  return testing::encode_signed(aws_example_signing(kSeed), kData, 65536, true, trailers);
}
std::string unsigned_wire() {
  return testing::encode_unsigned(kData, 65536, {{"x-amz-checksum-crc32", "AAAAAA=="}});
}

// Asserts a refusal with `code` whose diagnosis contains every one of `words`.
void expect_refused(const testing::Decoded& d, ErrorCode code,
                    const std::vector<std::string>& words = {}) {
  ASSERT_FALSE(d.result) << "accepted";
  EXPECT_EQ(d.result.error().code, code) << d.result.error().diagnosis;
  EXPECT_FALSE(d.result.error().diagnosis.empty());
  for (const auto& w : words) {
    EXPECT_NE(d.result.error().diagnosis.find(w), std::string::npos)
        << "'" << w << "' not in: " << d.result.error().diagnosis;
  }
}

std::size_t nth(const std::string& s, const std::string& what, int n) {
  std::size_t at = s.find(what);
  while (--n > 0) at = s.find(what, at + 1);
  return at;
}

TEST(AwsChunkedErrorsTest, TamperedDataByteFailsThatChunksSignature) {
  std::string wire = signed_wire();
  std::size_t second_data = nth(wire, "\r\n", 3) + 2;  // after chunk 2's size line
  wire[second_data + 10] ^= 0x20;
  auto d = decode(signed_options(), wire);
  expect_refused(d, ErrorCode::kSignatureDoesNotMatch,
                 {"chunk 2", "decoded bytes 65536..66560", "changed after signing"});
  EXPECT_FALSE(field(d.result.error(), "StringToSign").empty());
}

TEST(AwsChunkedErrorsTest, TamperedChunkSignatureRefused) {
  std::string wire = doc_wire();
  wire[wire.find(kSig1) + 5] ^= 1;
  auto d = decode(signed_options(), wire);
  expect_refused(d, ErrorCode::kSignatureDoesNotMatch, {"chunk 1", kSig1});
}

TEST(AwsChunkedErrorsTest, TamperedFinalChunkSignatureRefused) {
  std::string wire = doc_wire();
  wire[wire.find(kSig3)] ^= 1;
  expect_refused(decode(signed_options(), wire), ErrorCode::kSignatureDoesNotMatch, {"chunk 3"});
}

TEST(AwsChunkedErrorsTest, ChainFromAnotherSeedRefusedAtTheFirstChunk) {
  auto options = signed_options();
  options.signing->seed_signature[0] = '5';
  expect_refused(decode(options, doc_wire()), ErrorCode::kSignatureDoesNotMatch, {"chunk 1"});
}

TEST(AwsChunkedErrorsTest, TamperedTrailerValueFailsTheTrailerSignature) {
  std::string wire = signed_trailer_wire();
  wire[wire.find("AAAAAA==")] = 'B';
  expect_refused(decode(signed_trailer_options(), wire), ErrorCode::kSignatureDoesNotMatch,
                 {"x-amz-trailer-signature", "x-amz-checksum-crc32:BAAAAA=="});
}

TEST(AwsChunkedErrorsTest, TamperedTrailerSignatureRefused) {
  std::string wire = signed_trailer_wire();
  char& c = wire[wire.find("x-amz-trailer-signature:") + 24];
  c = c == '0' ? '1' : '0';
  expect_refused(decode(signed_trailer_options(), wire), ErrorCode::kSignatureDoesNotMatch,
                 {"x-amz-trailer-signature"});
}

TEST(AwsChunkedErrorsTest, MissingTrailerSignatureInSignedTrailerBodyRefused) {
  std::string wire = signed_trailer_wire();
  std::size_t at = wire.find("x-amz-trailer-signature:");
  wire.erase(at, wire.find("\r\n", at) + 2 - at);
  expect_refused(decode(signed_trailer_options(), wire), ErrorCode::kIncompleteBody,
                 {"without x-amz-trailer-signature"});
}

TEST(AwsChunkedErrorsTest, TrailerAfterTheTrailerSignatureRefused) {
  std::string wire = signed_trailer_wire();
  wire.insert(wire.size() - 2, "x-amz-checksum-crc32:AAAAAA==\r\n");
  expect_refused(decode(signed_trailer_options(), wire), ErrorCode::kMalformedTrailerError,
                 {"follows x-amz-trailer-signature"});
}

TEST(AwsChunkedErrorsTest, TrailerSignatureInUnsignedBodyRefused) {
  std::string wire = "0\r\nx-amz-trailer-signature:" + std::string(64, 'a') + "\r\n\r\n";
  expect_refused(decode(unsigned_options({}), wire), ErrorCode::kMalformedTrailerError,
                 {"STREAMING-UNSIGNED-PAYLOAD-TRAILER"});
}

// Every region of the documented body: first size line, data, data CRLF, the next size line,
// the final chunk's line and the empty line that closes the body.
TEST(AwsChunkedErrorsTest, TruncatedSignedBodyRefusedInEveryRegion) {
  std::string wire = doc_wire();
  std::vector<std::size_t> cuts = {0,     1,     5,     86,    87,    88,   20000,
                                   65623, 65624, 65625, 65626, 65700, 66734};
  for (std::size_t c = wire.size() - 100; c < wire.size(); ++c) cuts.push_back(c);
  for (std::size_t cut : cuts) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    expect_refused(decode(signed_options(), std::string_view(wire).substr(0, cut)),
                   ErrorCode::kIncompleteBody);
  }
}

TEST(AwsChunkedErrorsTest, TruncatedSignedTrailerBodyRefusedAtEveryCutInItsTail) {
  std::string wire = signed_trailer_wire();
  for (std::size_t cut = wire.size() - 250; cut < wire.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    expect_refused(decode(signed_trailer_options(), std::string_view(wire).substr(0, cut)),
                   ErrorCode::kIncompleteBody);
  }
}

TEST(AwsChunkedErrorsTest, TruncatedUnsignedBodyRefusedAtEveryCut) {
  std::string data = pattern(8300);
  std::string wire = testing::encode_unsigned(data, 8192, {{"x-amz-checksum-crc32", "AAAAAA=="}});
  for (std::size_t cut = 0; cut < wire.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    expect_refused(decode(unsigned_options(), std::string_view(wire).substr(0, cut)),
                   ErrorCode::kIncompleteBody);
  }
}

TEST(AwsChunkedErrorsTest, TruncationDiagnosisSaysHowMuchOfTheChunkArrived) {
  std::string wire = doc_wire();
  expect_refused(decode(signed_options(), std::string_view(wire).substr(0, 1000)),
                 ErrorCode::kIncompleteBody, {"chunk 1", "912 of 65536 bytes arrived"});
}

TEST(AwsChunkedErrorsTest, EmptyBodyRefused) {
  expect_refused(decode(signed_options(), ""), ErrorCode::kIncompleteBody, {"empty"});
}

TEST(AwsChunkedErrorsTest, TrailerLineWithoutColonRefused) {
  expect_refused(decode(unsigned_options(), "0\r\nx-amz-checksum-crc32 AAAAAA==\r\n\r\n"),
                 ErrorCode::kMalformedTrailerError, {"no ':'"});
}

TEST(AwsChunkedErrorsTest, TrailerWithEmptyNameRefused) {
  expect_refused(decode(unsigned_options(), "0\r\n:AAAAAA==\r\n\r\n"),
                 ErrorCode::kMalformedTrailerError, {"empty name"});
}

TEST(AwsChunkedErrorsTest, UndeclaredTrailerRefused) {
  expect_refused(
      decode(unsigned_options(), "0\r\nx-amz-checksum-sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n"),
      ErrorCode::kMalformedTrailerError,
      {"x-amz-checksum-sha1", "not declared", "x-amz-checksum-crc32"});
}

TEST(AwsChunkedErrorsTest, DeclaredTrailerMissingFromUnsignedBodyRefused) {
  expect_refused(decode(unsigned_options(), "0\r\n\r\n"), ErrorCode::kMalformedTrailerError,
                 {"x-amz-checksum-crc32"});
}

TEST(AwsChunkedErrorsTest, DeclaredTrailerMissingFromSignedTrailerBodyIsIncompleteBody) {
  std::string wire = signed_trailer_wire({});
  expect_refused(decode(signed_trailer_options(), wire), ErrorCode::kIncompleteBody,
                 {"x-amz-checksum-crc32"});
}

TEST(AwsChunkedErrorsTest, RepeatedTrailerRefused) {
  expect_refused(decode(unsigned_options(),
                        "0\r\nx-amz-checksum-crc32:AAAAAA==\r\nx-amz-checksum-crc32:AAAAAA==\r\n"
                        "\r\n"),
                 ErrorCode::kMalformedTrailerError, {"twice"});
}

TEST(AwsChunkedErrorsTest, OversizeTrailerSectionRefused) {
  auto options = unsigned_options();
  options.limits.max_trailer_bytes = 64;
  expect_refused(decode(options, "0\r\nx-amz-checksum-crc32:" + std::string(60, 'A') + "\r\n\r\n"),
                 ErrorCode::kMalformedTrailerError, {"64 bytes"});
}

TEST(AwsChunkedErrorsTest, OversizeSizeLineRefusedBeforeItEnds) {
  AwsChunkedDecoder decoder(signed_options());
  std::string line = "10000;chunk-signature=" + std::string(5000, 'a');
  auto sink = [](std::span<const char>) -> core::Result<void> { return {}; };
  auto r = decoder.feed(std::span<const char>(line.data(), line.size()), sink);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIncompleteBody);
  EXPECT_NE(r.error().diagnosis.find("longer than 4096 bytes"), std::string::npos);
}

TEST(AwsChunkedErrorsTest, ChunkSizeOverTheLimitRefused) {
  // 64 MiB + 1 byte.
  expect_refused(decode(unsigned_options(), "4000001\r\n"), ErrorCode::kIncompleteBody,
                 {"67108865", "67108864"});
  expect_refused(decode(unsigned_options(), "10000000000000000\r\n"), ErrorCode::kIncompleteBody,
                 {"more than 16 hex digits"});
}

TEST(AwsChunkedErrorsTest, NonHexSizeRefused) {
  expect_refused(decode(unsigned_options(), "zz\r\n"), ErrorCode::kIncompleteBody,
                 {"hexadecimal chunk size"});
  expect_refused(decode(unsigned_options(), "1g\r\n"), ErrorCode::kIncompleteBody,
                 {"unexpected bytes after the chunk size"});
}

TEST(AwsChunkedErrorsTest, MissingChunkSignatureInSignedModeRefused) {
  std::string wire = "400\r\n" + std::string(1024, 'a') + "\r\n0\r\n\r\n";
  expect_refused(decode(signed_options(), wire), ErrorCode::kIncompleteBody,
                 {"chunk 1", "no \";chunk-signature=<64 hex>\""});
}

TEST(AwsChunkedErrorsTest, ShortChunkSignatureRefused) {
  std::string wire = "0;chunk-signature=" + std::string(63, 'a') + "\r\n\r\n";
  expect_refused(decode(signed_options(), wire), ErrorCode::kIncompleteBody, {"64 hex digits"});
}

TEST(AwsChunkedErrorsTest, ChunkSignatureInUnsignedModeRefused) {
  std::string wire = std::string("0;chunk-signature=") + kSig3 + "\r\n\r\n";
  expect_refused(decode(unsigned_options({}), wire), ErrorCode::kIncompleteBody,
                 {"STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"});
}

TEST(AwsChunkedErrorsTest, DataLongerThanItsDeclaredSizeRefused) {
  std::string wire = "3e8\r\n" + std::string(1001, 'a') + "\r\n0\r\n\r\n";
  expect_refused(decode(unsigned_options({}), wire), ErrorCode::kIncompleteBody,
                 {"chunk 1", "declares 1000 data bytes", "not followed by CRLF"});
}

TEST(AwsChunkedErrorsTest, LineEndingWithBareLfRefused) {
  expect_refused(decode(unsigned_options({}), "0\n\r\n"), ErrorCode::kIncompleteBody, {"bare LF"});
}

TEST(AwsChunkedErrorsTest, GarbageInsteadOfTheClosingEmptyLineRefused) {
  std::string wire = doc_wire();
  wire.replace(wire.size() - 2, 2, "XY");
  expect_refused(decode(signed_options(), wire), ErrorCode::kIncompleteBody, {"empty line"});
}

TEST(AwsChunkedErrorsTest, BytesAfterTheEndRefused) {
  expect_refused(decode(signed_options(), doc_wire() + "0\r\n\r\n"), ErrorCode::kIncompleteBody,
                 {"follow the end"});
  expect_refused(decode(unsigned_options(), unsigned_wire() + "x"), ErrorCode::kIncompleteBody,
                 {"follow the end"});
}

TEST(AwsChunkedErrorsTest, SmallNonFinalChunkRefusedWithChunkAndBadChunkSize) {
  std::string wire =
      "3e8\r\n" + std::string(1000, 'a') + "\r\n3e8\r\n" + std::string(1000, 'a') + "\r\n0\r\n\r\n";
  auto d = decode(unsigned_options({}), wire);
  expect_refused(d, ErrorCode::kInvalidChunkSizeError, {"chunk 1 has 1000 bytes"});
  EXPECT_EQ(field(d.result.error(), "Chunk"), "2");
  EXPECT_EQ(field(d.result.error(), "BadChunkSize"), "1000");
}

TEST(AwsChunkedErrorsTest, SmallChunkRuleAppliesToSignedChunksToo) {
  auto signing = aws_example_signing(kSeed);
  std::string wire = testing::encode_signed(signing, pattern(9000), 8191);
  expect_refused(decode(signed_options(), wire), ErrorCode::kInvalidChunkSizeError);
  wire = testing::encode_signed(signing, pattern(9000), 8192);
  EXPECT_TRUE(decode(signed_options(), wire).result);
}

TEST(AwsChunkedErrorsTest, SmallChunkRuleCanBeSwitchedOff) {
  auto options = unsigned_options({});
  options.limits.min_non_final_chunk = 0;
  std::string wire = "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n";
  auto d = decode(options, wire);
  ASSERT_TRUE(d.result) << d.result.error().diagnosis;
  EXPECT_EQ(d.data, "abcdef");
}

TEST(AwsChunkedErrorsTest, SinkErrorReturnedAsIsAndDecoderStaysFailed) {
  AwsChunkedDecoder decoder(signed_options());
  auto failing = [](std::span<const char>) -> core::Result<void> {
    return core::S3Error(ErrorCode::kEntityTooLarge).because("disk quota");
  };
  std::string wire = doc_wire();
  auto r = decoder.feed(std::span<const char>(wire.data(), wire.size()), failing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kEntityTooLarge);
  EXPECT_EQ(r.error().diagnosis, "disk quota");
  auto again = decoder.finish();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kEntityTooLarge);
}

TEST(AwsChunkedErrorsTest, DecoderStaysFailedAfterAnError) {
  AwsChunkedDecoder decoder(unsigned_options({}));
  auto sink = [](std::span<const char>) -> core::Result<void> { return {}; };
  std::string bad = "zz\r\n";
  ASSERT_FALSE(decoder.feed(std::span<const char>(bad.data(), bad.size()), sink));
  std::string good = "0\r\n\r\n";
  auto r = decoder.feed(std::span<const char>(good.data(), good.size()), sink);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIncompleteBody);
  EXPECT_FALSE(decoder.finish());
}

TEST(AwsChunkedErrorsTest, NonStreamingModeIsACallerBug) {
  EXPECT_THROW(AwsChunkedDecoder({PayloadMode::kSha256, std::nullopt, {}, {}}),
               std::invalid_argument);
}

}  // namespace
}  // namespace s3sandbox::auth
