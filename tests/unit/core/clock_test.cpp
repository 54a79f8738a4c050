// The sandbox clock: offset, freeze, advance, unfreeze, and how far it was moved.
#include "s3sandbox/core/clock.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::core {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TimePoint at(std::int64_t epoch) { return TimePoint(seconds(epoch)); }

TEST(SystemClock, RunsAtTheRealTimePlusTheOffset) {
  SystemClock clock(hours(2));
  const auto moved = clock.now() - std::chrono::system_clock::now();
  EXPECT_GT(moved, hours(2) - seconds(1));
  EXPECT_LT(moved, hours(2) + seconds(1));
  EXPECT_EQ(clock.offset(), hours(2));
  EXPECT_EQ(clock.moved_by(), hours(2));
  EXPECT_FALSE(clock.frozen_at());
}

TEST(SystemClock, FrozenItStandsStillAndAdvancesOnlyWhenTold) {
  SystemClock clock;
  clock.freeze(at(1900000000));
  EXPECT_EQ(clock.now(), at(1900000000));
  EXPECT_EQ(clock.now(), at(1900000000));
  clock.advance(seconds(90));
  EXPECT_EQ(clock.now(), at(1900000090));
  clock.advance(seconds(-100));
  EXPECT_EQ(clock.now(), at(1899999990));
  ASSERT_TRUE(clock.frozen_at());
  EXPECT_EQ(*clock.frozen_at(), at(1899999990));
}

TEST(SystemClock, UnfreezeRunsOnFromTheFrozenInstant) {
  SystemClock clock;
  const TimePoint target = std::chrono::system_clock::now() + hours(5);
  clock.freeze(target);
  clock.unfreeze();
  EXPECT_FALSE(clock.frozen_at());
  EXPECT_GE(clock.now(), target);
  EXPECT_LT(clock.now(), target + seconds(2));
  EXPECT_EQ(clock.moved_by(), hours(5));
}

TEST(SystemClock, AdvanceWhileRunningMovesTheOffset) {
  SystemClock clock;
  clock.advance(minutes(15));
  EXPECT_EQ(clock.offset(), minutes(15));
  clock.advance(minutes(-15));
  EXPECT_EQ(clock.offset(), seconds(0));
  EXPECT_EQ(clock.moved_by(), seconds(0));
}

TEST(SystemClock, SettingTheOffsetUnfreezes) {
  SystemClock clock;
  clock.freeze_now();
  ASSERT_TRUE(clock.frozen_at());
  clock.set_offset(seconds(0));
  EXPECT_FALSE(clock.frozen_at());
  EXPECT_EQ(clock.moved_by(), seconds(0));
}

TEST(FrozenClock, IsNotAMovedRealClock) {
  FrozenClock clock(at(1000));
  EXPECT_EQ(clock.moved_by(), seconds(0));  // a test clock: the diagnoses say nothing of it
}

}  // namespace
}  // namespace s3sandbox::core
