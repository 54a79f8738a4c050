// Query parsing: repeated parameters kept, names and values decoded, '+' read as a space (as S3
// reads query strings; see src/core/query.cpp, where the parser's own tests are).
#include <gtest/gtest.h>

#include "request_builder.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::router {
namespace {

using testing::make_request;

Operation routed(const std::string& target) {
  auto op = route(make_request("GET", target), {});
  EXPECT_TRUE(op) << target;
  return op ? *op : Operation{};
}

TEST(QueryTest, ParamWithoutValueHasNoValue) {
  Operation op = routed("/b?uploads");
  ASSERT_NE(op.param("uploads"), nullptr);
  EXPECT_FALSE(op.param("uploads")->has_value);
}

TEST(QueryTest, ParamWithEmptyValueHasValue) {
  Operation op = routed("/b?prefix=");
  ASSERT_NE(op.param("prefix"), nullptr);
  EXPECT_TRUE(op.param("prefix")->has_value);
  EXPECT_EQ(op.param("prefix")->value, "");
}

TEST(QueryTest, ValuesArePercentDecoded) {
  EXPECT_EQ(routed("/b?prefix=a%2Fb%20c").param("prefix")->value, "a/b c");
}

TEST(QueryTest, NamesArePercentDecoded) {
  EXPECT_NE(routed("/b?list%2Dtype=2").param("list-type"), nullptr);
}

TEST(QueryTest, PlusIsSpace) {
  EXPECT_EQ(routed("/b?prefix=run+books").param("prefix")->value, "run books");
}

TEST(QueryTest, EncodedPlusIsPlus) {
  EXPECT_EQ(routed("/b?prefix=a%2Bb").param("prefix")->value, "a+b");
}

TEST(QueryTest, ValueMayContainEquals) {
  EXPECT_EQ(routed("/b?continuation-token=abc==").param("continuation-token")->value, "abc==");
}

TEST(QueryTest, RepeatedParamsAreKeptInOrder) {
  Operation op = routed("/b?prefix=a&prefix=b");
  ASSERT_EQ(op.query.size(), 2u);
  EXPECT_EQ(op.query[0].value, "a");
  EXPECT_EQ(op.query[1].value, "b");
  EXPECT_EQ(op.param("prefix")->value, "a");  // the first one
}

TEST(QueryTest, EmptySegmentsAreSkipped) { EXPECT_EQ(routed("/b?&&uploads&").query.size(), 1u); }

TEST(QueryTest, BadEscapeIsInvalidUri) {
  auto op = route(make_request("GET", "/b?prefix=%zz"), {});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, core::ErrorCode::kInvalidURI);
}

TEST(QueryTest, PlusIsKeptForSignatures) {
  // Authentication reads the router's parse (auth::AuthContext::query) as clients sign it.
  const Operation op = routed("/b?prefix=run+books");
  const QueryParam* p = op.param("prefix");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->value, "run books");
  EXPECT_EQ(p->signed_value, "run+books");
}

}  // namespace
}  // namespace s3sandbox::router
