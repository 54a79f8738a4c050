#include "s3sandbox/core/time_format.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::core {
namespace {

TimePoint at(std::int64_t epoch_seconds) { return TimePoint(std::chrono::seconds(epoch_seconds)); }

TEST(TimeFormatTest, HttpDateIsRfc1123) {
  EXPECT_EQ(format_http_date(at(1369353600)), "Fri, 24 May 2013 00:00:00 GMT");
}

TEST(TimeFormatTest, HttpDatePadsEveryField) {
  EXPECT_EQ(format_http_date(at(784111777)), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(format_http_date(at(1796554799)), "Sun, 06 Dec 2026 10:59:59 GMT");
  EXPECT_EQ(format_http_date(at(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(TimeFormatTest, Iso8601HasMilliseconds) {
  EXPECT_EQ(format_iso8601(at(1369353600) + std::chrono::milliseconds(7)),
            "2013-05-24T00:00:00.007Z");
}

TEST(TimeFormatTest, AmzDateRoundTrips) {
  EXPECT_EQ(format_amz_date(at(1369353600)), "20130524T000000Z");
  EXPECT_EQ(parse_amz_date("20130524T000000Z"), at(1369353600));
}

TEST(TimeFormatTest, AmzDateRejectsMalformed) {
  EXPECT_FALSE(parse_amz_date("20130524T000000"));
  EXPECT_FALSE(parse_amz_date("2013052XT000000Z"));
  EXPECT_FALSE(parse_amz_date("20131324T000000Z"));
}

TEST(TimeFormatTest, ParsesAllThreeHttpDateForms) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), at(784111777));
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), at(784111777));
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), at(784111777));
  EXPECT_FALSE(parse_http_date("yesterday"));
}

TEST(TimeFormatTest, Iso8601Parses) {
  EXPECT_EQ(parse_iso8601("2013-05-24T00:00:00Z"), at(1369353600));
  EXPECT_EQ(parse_iso8601("2013-05-24T00:00:00.500Z"),
            at(1369353600) + std::chrono::milliseconds(500));
  EXPECT_FALSE(parse_iso8601("2013-05-24 00:00:00Z"));
}

}  // namespace
}  // namespace s3sandbox::core

// Found by fuzzing: years a 64-bit nanosecond TimePoint cannot hold are refused, not overflowed.
TEST(TimeFormatTest, YearsOutsideTheClockRangeAreRefused) {
  EXPECT_FALSE(s3sandbox::core::parse_amz_date("30130524T000000Z"));
  EXPECT_FALSE(s3sandbox::core::parse_http_date("Fri, 24 May 3013 00:00:00 GMT"));
  EXPECT_FALSE(s3sandbox::core::parse_iso8601("3013-05-24T01:00:00Z"));
  EXPECT_FALSE(s3sandbox::core::parse_iso8601("1023-05-24T01:00:00Z"));
  EXPECT_FALSE(s3sandbox::core::parse_amz_date("16990524T000000Z"));  // now minus it overflows
  EXPECT_TRUE(s3sandbox::core::parse_iso8601("2099-05-24T01:00:00Z"));
}
