// The one percent-decoder and the one URI encoder (core/uri.hpp).
#include "s3sandbox/core/uri.hpp"

#include <gtest/gtest.h>

#include <string>

namespace s3sandbox::core {
namespace {

TEST(PercentDecodeTest, DecodesEscapesInEitherHexCase) {
  EXPECT_EQ(percent_decode("%2f%2F%41%e1%88%b4"), "//A\xE1\x88\xB4");
}

TEST(PercentDecodeTest, TextWithoutEscapesIsCopied) {
  EXPECT_EQ(percent_decode("plain/text.txt"), "plain/text.txt");
  EXPECT_EQ(percent_decode(""), "");
}

TEST(PercentDecodeTest, PlusFollowsTheChoice) {
  EXPECT_EQ(percent_decode("a+b%2B"), "a+b+");
  EXPECT_EQ(percent_decode("a+b%2B", PlusIs::kSpace), "a b+");
  EXPECT_EQ(percent_decode("a+b", PlusIs::kSpace), "a b");  // no '%': the other fast path
}

TEST(PercentDecodeTest, MalformedEscapesAreRejected) {
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%4"));
  EXPECT_FALSE(percent_decode("a%4g"));
  EXPECT_FALSE(percent_decode("ok%41%"));
  EXPECT_FALSE(percent_decode("%zz", PlusIs::kSpace));
}

TEST(PercentDecodeTest, MalformedEscapesCanBeKept) {
  EXPECT_EQ(percent_decode("%", PlusIs::kPlus, BadEscape::kKeep), "%");
  EXPECT_EQ(percent_decode("100%", PlusIs::kPlus, BadEscape::kKeep), "100%");
  EXPECT_EQ(percent_decode("%4g%41%2", PlusIs::kPlus, BadEscape::kKeep), "%4gA%2");
  EXPECT_EQ(percent_decode("%%41", PlusIs::kPlus, BadEscape::kKeep), "%A");
}

TEST(PercentDecodeTest, IntoABufferReturnsTheEnd) {
  char buffer[16];
  const std::string_view in = "a%20b";
  char* end = percent_decode_into(buffer, in);
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(std::string_view(buffer, static_cast<std::size_t>(end - buffer)), "a b");
  EXPECT_EQ(percent_decode_into(buffer, "a%2"), nullptr);
  EXPECT_EQ(percent_decode_into(buffer, ""), buffer);
}

TEST(UriEncodeTest, KeepsOnlyUnreservedBytes) {
  EXPECT_EQ(uri_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b+c/d=e&f%"), "a%20b%2Bc%2Fd%3De%26f%25");
  EXPECT_EQ(uri_encode("\xE1\x88\xB4"), "%E1%88%B4");  // upper-case hex, byte by byte
  EXPECT_EQ(uri_encode(std::string("\0\x7F\xFF", 3)), "%00%7F%FF");
  EXPECT_EQ(uri_encode(""), "");
}

TEST(UriEncodeTest, SlashKeptOnRequest) {
  EXPECT_EQ(uri_encode("a/b c", {.keep_slash = true}), "a/b%20c");
}

TEST(UriEncodeTest, SpaceAsPlusOnRequest) {
  EXPECT_EQ(uri_encode("run books/x+y", {.keep_slash = true, .space_as_plus = true}),
            "run+books/x%2By");
}

TEST(UriEncodeTest, AppendsAndWritesIntoABuffer) {
  std::string out = "x=";
  append_uri_encoded(out, "a b");
  EXPECT_EQ(out, "x=a%20b");
  char buffer[3 * 4];
  char* end = uri_encode_into(buffer, "\x01\x02/~", {});
  EXPECT_EQ(std::string_view(buffer, static_cast<std::size_t>(end - buffer)), "%01%02%2F~");
}

TEST(UriEncodeTest, EveryByteRoundTrips) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (UriEncoding how : {UriEncoding{}, UriEncoding{.keep_slash = true}}) {
    const std::string encoded = uri_encode(all, how);
    EXPECT_LE(encoded.size(), kUriEncodeGrowth * all.size());
    EXPECT_EQ(percent_decode(encoded), all);
  }
  EXPECT_EQ(percent_decode(uri_encode(all, {.space_as_plus = true}), PlusIs::kSpace), all);
}

}  // namespace
}  // namespace s3sandbox::core
