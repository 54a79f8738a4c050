#include "app/range.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::app {
namespace {

ByteRange whole(std::string_view header, std::uint64_t size) {
  auto r = parse_range(header, size);
  EXPECT_TRUE(r.has_value());
  EXPECT_TRUE(r->has_value()) << header;
  return r->value_or(ByteRange{});
}

TEST(RangeTest, FirstBytes) {
  ByteRange r = whole("bytes=0-9", 100);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.length, 10u);
}

TEST(RangeTest, OpenEndedRunsToTheEnd) {
  ByteRange r = whole("bytes=90-", 100);
  EXPECT_EQ(r.first, 90u);
  EXPECT_EQ(r.length, 10u);
}

TEST(RangeTest, LastBeyondSizeIsClamped) {
  ByteRange r = whole("bytes=95-1000", 100);
  EXPECT_EQ(r.first, 95u);
  EXPECT_EQ(r.length, 5u);
}

TEST(RangeTest, SuffixTakesTheLastBytes) {
  ByteRange r = whole("bytes=-5", 100);
  EXPECT_EQ(r.first, 95u);
  EXPECT_EQ(r.length, 5u);
  ByteRange all = whole("bytes=-500", 100);
  EXPECT_EQ(all.first, 0u);
  EXPECT_EQ(all.length, 100u);
}

TEST(RangeTest, StartAtSizeIsUnsatisfiable) {
  auto r = parse_range("bytes=100-", 100);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidRange);
  EXPECT_EQ(r.error().info().http_status, 416);
  ASSERT_EQ(r.error().headers.size(), 1u);
  EXPECT_EQ(r.error().headers[0].second, "bytes */100");
}

TEST(RangeTest, LastByteIsSatisfiable) {
  ByteRange r = whole("bytes=99-99", 100);
  EXPECT_EQ(r.first, 99u);
  EXPECT_EQ(r.length, 1u);
}

TEST(RangeTest, AnyRangeOfAnEmptyObjectIsUnsatisfiable) {
  EXPECT_FALSE(parse_range("bytes=0-0", 0).has_value());
  EXPECT_FALSE(parse_range("bytes=-1", 0).has_value());
}

TEST(RangeTest, UnparsableOrMultipleRangesServeTheWholeObject) {
  for (std::string_view h :
       {"items=0-1", "bytes=a-b", "bytes=5-2", "bytes=0-1,3-4", "bytes=", "bytes=-"}) {
    auto r = parse_range(h, 100);
    ASSERT_TRUE(r.has_value()) << h;
    EXPECT_FALSE(r->has_value()) << h;
  }
}

}  // namespace
}  // namespace s3sandbox::app
