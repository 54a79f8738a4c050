#include "app/conditions.hpp"

#include <gtest/gtest.h>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {
namespace {

const core::TimePoint kModified = *core::parse_http_date("Fri, 24 May 2013 00:00:00 GMT");
constexpr std::string_view kEtag = "abc";

ConditionOutcome eval(ConditionHeaders c) { return evaluate_conditions(c, kEtag, kModified); }

TEST(ConditionsTest, NoConditionsProceed) { EXPECT_EQ(eval({}), ConditionOutcome::kProceed); }

TEST(ConditionsTest, IfMatchQuotedListAndStar) {
  EXPECT_EQ(eval({.if_match = "\"abc\""}), ConditionOutcome::kProceed);
  EXPECT_EQ(eval({.if_match = "\"x\", \"abc\""}), ConditionOutcome::kProceed);
  EXPECT_EQ(eval({.if_match = "*"}), ConditionOutcome::kProceed);
  EXPECT_EQ(eval({.if_match = "\"x\""}), ConditionOutcome::kPreconditionFailed);
}

TEST(ConditionsTest, IfNoneMatchGivesNotModified) {
  EXPECT_EQ(eval({.if_none_match = "\"abc\""}), ConditionOutcome::kNotModified);
  EXPECT_EQ(eval({.if_none_match = "\"x\""}), ConditionOutcome::kProceed);
}

TEST(ConditionsTest, IfModifiedSinceBothSidesOfTheSecond) {
  EXPECT_EQ(eval({.if_modified_since = "Fri, 24 May 2013 00:00:00 GMT"}),
            ConditionOutcome::kNotModified);
  EXPECT_EQ(eval({.if_modified_since = "Thu, 23 May 2013 23:59:59 GMT"}),
            ConditionOutcome::kProceed);
}

TEST(ConditionsTest, IfUnmodifiedSinceBothSidesOfTheSecond) {
  EXPECT_EQ(eval({.if_unmodified_since = "Fri, 24 May 2013 00:00:00 GMT"}),
            ConditionOutcome::kProceed);
  EXPECT_EQ(eval({.if_unmodified_since = "Thu, 23 May 2013 23:59:59 GMT"}),
            ConditionOutcome::kPreconditionFailed);
}

TEST(ConditionsTest, IfMatchTrueOverridesFailingIfUnmodifiedSince) {
  // S3 GetObject: If-Match true and If-Unmodified-Since false -> 200.
  EXPECT_EQ(eval({.if_match = "\"abc\"", .if_unmodified_since = "Thu, 01 Jan 2009 00:00:00 GMT"}),
            ConditionOutcome::kProceed);
}

TEST(ConditionsTest, IfNoneMatchFalseWithIfModifiedSinceTrueIsNotModified) {
  // S3 GetObject: If-None-Match false (ETag matches) and If-Modified-Since true -> 304.
  EXPECT_EQ(
      eval({.if_none_match = "\"abc\"", .if_modified_since = "Thu, 01 Jan 2009 00:00:00 GMT"}),
      ConditionOutcome::kNotModified);
}

TEST(ConditionsTest, UnparsableDatesAreIgnored) {
  EXPECT_EQ(eval({.if_modified_since = "yesterday"}), ConditionOutcome::kProceed);
  EXPECT_EQ(eval({.if_unmodified_since = "tomorrow"}), ConditionOutcome::kProceed);
}

TEST(ConditionsTest, PreconditionFailureWinsOverNotModified) {
  EXPECT_EQ(eval({.if_match = "\"x\"", .if_none_match = "\"abc\""}),
            ConditionOutcome::kPreconditionFailed);
}

}  // namespace
}  // namespace s3sandbox::app
