// core::parse_query: the one parse of a query string, read by the router's handlers (S3's
// reading: '+' is a space) and by authentication (the signed reading: '+' is itself).
#include "s3sandbox/core/query.hpp"

#include <gtest/gtest.h>

#include <string>

namespace s3sandbox::core {
namespace {

ParsedQuery parsed(std::string_view raw) {
  auto q = parse_query(raw);
  EXPECT_TRUE(q) << raw;
  return q ? std::move(*q) : ParsedQuery{};
}

TEST(ParseQueryTest, EmptyQueryHasNoParams) {
  ParsedQuery q = parsed("");
  EXPECT_TRUE(q.params.empty());
}

TEST(ParseQueryTest, NamesAndValuesAreDecodedInOrder) {
  ParsedQuery q = parsed("list%2Dtype=2&prefix=a%2Fb%20c&uploads&marker=");
  ASSERT_EQ(q.params.size(), 4u);
  EXPECT_EQ(q.params[0].name, "list-type");
  EXPECT_EQ(q.params[0].value, "2");
  EXPECT_EQ(q.params[1].value, "a/b c");
  EXPECT_EQ(q.params[2].name, "uploads");
  EXPECT_FALSE(q.params[2].has_value);
  EXPECT_TRUE(q.params[3].has_value);
  EXPECT_EQ(q.params[3].value, "");
}

TEST(ParseQueryTest, SignedReadingEqualsS3ReadingWithoutPlus) {
  ParsedQuery q = parsed("X-Amz-Credential=AK%2F20130524&n");
  ASSERT_EQ(q.params.size(), 2u);
  EXPECT_EQ(q.params[0].signed_name, "X-Amz-Credential");
  EXPECT_EQ(q.params[0].signed_value, "AK/20130524");
  EXPECT_EQ(q.params[0].value.data(), q.params[0].signed_value.data());  // the same bytes
  EXPECT_EQ(q.params[1].signed_name, "n");
  EXPECT_EQ(q.params[1].signed_value, "");
}

TEST(ParseQueryTest, PlusIsASpaceForS3AndItselfForSignatures) {
  ParsedQuery q = parsed("prefix=run+books%2B&a+b=c&Signature=ab+c%2Bd%3D&x=%20");
  ASSERT_EQ(q.params.size(), 4u);
  EXPECT_EQ(q.params[0].value, "run books+");
  EXPECT_EQ(q.params[0].signed_value, "run+books+");
  EXPECT_EQ(q.params[0].signed_name, "prefix");
  EXPECT_EQ(q.params[1].name, "a b");
  EXPECT_EQ(q.params[1].signed_name, "a+b");
  EXPECT_EQ(q.params[1].signed_value, "c");
  EXPECT_EQ(q.params[2].value, "ab c+d=");
  EXPECT_EQ(q.params[2].signed_value, "ab+c+d=");
  EXPECT_EQ(q.params[3].value, " ");
  EXPECT_EQ(q.params[3].signed_value, " ");
}

TEST(ParseQueryTest, EmptyItemsAreSkippedAndValuesMayContainEquals) {
  ParsedQuery q = parsed("&&token=abc==&&");
  ASSERT_EQ(q.params.size(), 1u);
  EXPECT_EQ(q.params[0].value, "abc==");
}

TEST(ParseQueryTest, ViewsOutliveMovesAndCopiesShareTheText) {
  auto q = parse_query("k=v%21");
  ASSERT_TRUE(q);
  ParsedQuery moved = std::move(*q);
  ParsedQuery copy = moved;
  moved = ParsedQuery{};
  ASSERT_EQ(copy.params.size(), 1u);
  EXPECT_EQ(copy.params[0].value, "v!");
}

TEST(ParseQueryTest, MalformedEscapeIsInvalidUri) {
  for (std::string_view raw : {"prefix=%zz", "%4=1", "a=1&b=%", "x+y=%2"}) {
    auto q = parse_query(raw);
    ASSERT_FALSE(q) << raw;
    EXPECT_EQ(q.error().code, ErrorCode::kInvalidURI);
  }
}

}  // namespace
}  // namespace s3sandbox::core
