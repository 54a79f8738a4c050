#include "s3sandbox/app/warnings.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace s3sandbox::app {
namespace {

const core::TimePoint t0{std::chrono::seconds(1'800'000'000)};

TEST(WarningBookTest, CountsRepeatsOfOneWarningAndKeepsTheFirstSummary) {
  WarningBook book;
  book.note("sigv2", "sigv2-query", "first words", t0);
  book.note("sigv2", "sigv2-query", "other words", t0 + std::chrono::seconds(5));
  book.note("auth-warn", "SignatureDoesNotMatch", "bad signature", t0);
  const std::vector<Warning> list = book.list();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].kind, "sigv2");
  EXPECT_EQ(list[0].summary, "first words");
  EXPECT_EQ(list[0].count, 2u);
  EXPECT_EQ(list[0].last_seen, t0 + std::chrono::seconds(5));
  EXPECT_EQ(list[1].kind, "auth-warn");
}

TEST(WarningBookTest, TheSameKeyUnderAnotherKindIsAnotherWarning) {
  WarningBook book;
  book.note("a", "k", "one", t0);
  book.note("b", "k", "two", t0);
  EXPECT_EQ(book.list().size(), 2u);
}

TEST(WarningBookTest, IsBoundedAndCountsWhatItDrops) {
  WarningBook book;
  for (std::size_t i = 0; i < WarningBook::kMaxDistinct + 5; ++i) {
    book.note("cors-permissive", std::to_string(i), "x", t0);
  }
  EXPECT_EQ(book.list().size(), WarningBook::kMaxDistinct);
  EXPECT_EQ(book.dropped(), 5u);
  book.note("cors-permissive", "0", "x", t0);  // a known one is still counted
  EXPECT_EQ(book.list()[0].count, 2u);
}

TEST(WarningBookTest, ConcurrentNotesAreAllCounted) {
  WarningBook book;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&book] {
      for (int i = 0; i < 1000; ++i) book.note("sigv2", "sigv2-query", "s", t0);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(book.list().at(0).count, 4000u);
}

TEST(WarningSummaryTest, SaysHowManyThingsWouldFailOnS3) {
  EXPECT_EQ(format_warning_summary({}, 0), "");
  const std::vector<Warning> list = {{"sigv2", "SigV2 URLs", 3, t0, t0},
                                     {"auth-warn", "bad signature", 1, t0, t0}};
  const std::string text = format_warning_summary(list, 2);
  EXPECT_NE(text.find("4 things would fail on real S3"), std::string::npos) << text;
  EXPECT_NE(text.find("  - SigV2 URLs (3 requests)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  - bad signature (1 request)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("and 2 more"), std::string::npos) << text;
}

}  // namespace
}  // namespace s3sandbox::app
