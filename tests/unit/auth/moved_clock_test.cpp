// The time refusals name a moved sandbox clock and how to undo it (auth_errors.hpp).
#include <gtest/gtest.h>

#include "auth/auth_errors.hpp"

namespace s3sandbox::auth {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

TEST(NoteMovedClock, ASkewRefusalNamesTheSandboxClockAndTheUndo) {
  core::S3Error e = request_time_too_skewed("20260101T000000Z", core::TimePoint{}, seconds(900));
  e.diagnosis = "The request time is 2 h behind the server clock.";
  note_moved_clock(e, hours(2));
  EXPECT_NE(e.diagnosis.find("The request time is 2 h behind"), std::string::npos);
  EXPECT_NE(e.diagnosis.find("SANDBOX clock was moved 2 h ahead of the real time"),
            std::string::npos)
      << e.diagnosis;
  EXPECT_NE(e.diagnosis.find("PUT /_sandbox/clock?offset=0"), std::string::npos);
}

TEST(NoteMovedClock, AnExpiredUrlNamesAClockMovedBack) {
  core::S3Error e = request_expired(60, core::TimePoint{}, core::TimePoint{});
  note_moved_clock(e, -seconds(90));
  EXPECT_NE(e.diagnosis.find("moved 1 min 30 s behind the real time"), std::string::npos)
      << e.diagnosis;
}

TEST(NoteMovedClock, OtherRefusalsAndAnUnmovedClockGetNothing) {
  core::S3Error mismatch = sigv2_mismatch("AK", "sts", "sig");
  note_moved_clock(mismatch, hours(1));
  EXPECT_TRUE(mismatch.diagnosis.empty());
  core::S3Error expired = request_expired(60, core::TimePoint{}, core::TimePoint{});
  note_moved_clock(expired, seconds(0));
  EXPECT_TRUE(expired.diagnosis.empty());
}

}  // namespace
}  // namespace s3sandbox::auth
