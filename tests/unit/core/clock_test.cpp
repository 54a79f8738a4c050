// The sandbox clock: offset, freeze, advance, unfreeze, and how far it was moved.
#include "s3sandbox/core/clock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

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

// Readers never see a time that no adjustment made: while one thread freezes at a far future
// instant, advances, unfreezes and sets the offset back to zero, now() is either near the real
// time or at/after the frozen instant (TSan checks the lock-free reads).
TEST(SystemClock, ReadsDuringAdjustmentsSeeOneStateOrTheOther) {
  SystemClock clock;
  const TimePoint far = at(4000000000);
  std::vector<std::thread> readers;
  std::atomic<int> odd{0};
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        const auto now = clock.now();
        const auto real = std::chrono::system_clock::now();
        const bool near_real = now > real - hours(1) && now < real + hours(1);
        if (!near_real && now < far) odd.fetch_add(1);
      }
    });
  }
  for (int i = 0; i < 2000; ++i) {
    clock.freeze(far);
    clock.advance(seconds(1));
    clock.unfreeze();
    clock.set_offset(seconds(0));
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(odd.load(), 0);
}

TEST(FrozenClock, IsNotAMovedRealClock) {
  FrozenClock clock(at(1000));
  EXPECT_EQ(clock.moved_by(), seconds(0));  // a test clock: the diagnoses say nothing of it
}

}  // namespace
}  // namespace s3sandbox::core
