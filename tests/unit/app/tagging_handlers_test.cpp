// Object tagging through app::Application (AppHarness): the handlers, x-amz-tagging on uploads and
// copies, and S3's limits.
#include <gtest/gtest.h>

#include "app/object_tagging.hpp"
#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

std::string tagging_doc(const std::vector<std::pair<std::string, std::string>>& tags) {
  std::string doc = "<Tagging><TagSet>";
  for (const auto& [k, v] : tags) doc += "<Tag><Key>" + k + "</Key><Value>" + v + "</Value></Tag>";
  return doc + "</TagSet></Tagging>";
}

class TaggingHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(app.put("/bkt").status, 200);
    ASSERT_EQ(app.put("/bkt/k", "data").status, 200);
  }
  AppHarness app;
};

TEST_F(TaggingHandlers, PutGetDeleteKeepTheObjectsEtagAndLastModified) {
  auto before = app.send("HEAD", "/bkt/k");
  EXPECT_FALSE(before.header("x-amz-tagging-count"));
  auto put = app.put("/bkt/k?tagging", tagging_doc({{"a", "1"}, {"b", "two words"}}));
  ASSERT_EQ(put.status, 200) << put.body;
  auto got = app.get("/bkt/k?tagging");
  EXPECT_NE(got.body.find("<Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>two "
                          "words</Value></Tag>"),
            std::string::npos)
      << got.body;
  auto after = app.send("HEAD", "/bkt/k");
  EXPECT_EQ(after.header("x-amz-tagging-count"), "2");
  EXPECT_EQ(after.header("ETag"), before.header("ETag"));
  EXPECT_EQ(after.header("Last-Modified"), before.header("Last-Modified"));
  EXPECT_EQ(app.send("DELETE", "/bkt/k?tagging").status, 204);
  EXPECT_NE(app.get("/bkt/k?tagging").body.find("<TagSet/>"), std::string::npos);
}

TEST_F(TaggingHandlers, PutObjectTaggingVerifiesAContentMd5) {
  std::string doc = tagging_doc({{"a", "1"}});
  auto r = app.put("/bkt/k?tagging", doc, {testing::content_md5("other")});
  EXPECT_EQ(r.error_code(), "BadDigest");
}

TEST_F(TaggingHandlers, MalformedDocumentIsMalformedXml) {
  EXPECT_EQ(app.put("/bkt/k?tagging", "<Tagging><Nope/></Tagging>").error_code(), "MalformedXML");
  EXPECT_EQ(app.put("/bkt/k?tagging", "not xml").error_code(), "MalformedXML");
}

TEST_F(TaggingHandlers, TaggingAMissingObjectIsNoSuchKey) {
  EXPECT_EQ(app.put("/bkt/nope?tagging", tagging_doc({{"a", "1"}})).error_code(), "NoSuchKey");
  EXPECT_EQ(app.get("/bkt/nope?tagging").error_code(), "NoSuchKey");
}

TEST_F(TaggingHandlers, HeaderTagsAreStoredAndAnOverwriteReplacesThem) {
  ASSERT_EQ(app.put("/bkt/t", "x", {{"x-amz-tagging", "a=1&b=c%2Fd"}}).status, 200);
  EXPECT_NE(app.get("/bkt/t?tagging").body.find("<Key>b</Key><Value>c/d</Value>"),
            std::string::npos);
  ASSERT_EQ(app.put("/bkt/t", "y").status, 200);
  EXPECT_NE(app.get("/bkt/t?tagging").body.find("<TagSet/>"), std::string::npos);
}

TEST_F(TaggingHandlers, PresignedQueryTagsAreApplied) {
  ASSERT_EQ(app.put("/bkt/q?x-amz-tagging=a%3D1%26b%3D2", "x").status, 200);
  EXPECT_EQ(app.send("HEAD", "/bkt/q").header("x-amz-tagging-count"), "2");
}

TEST_F(TaggingHandlers, CopyKeepsOrReplacesTags) {
  app.put("/bkt/src", "x", {{"x-amz-tagging", "from=src"}});
  app.put("/bkt/c1", {}, {{"x-amz-copy-source", "/bkt/src"}});
  EXPECT_NE(app.get("/bkt/c1?tagging").body.find("<Key>from</Key>"), std::string::npos);
  app.put("/bkt/c2", {},
          {{"x-amz-copy-source", "/bkt/src"},
           {"x-amz-tagging-directive", "REPLACE"},
           {"x-amz-tagging", "new=1"}});
  auto c2 = app.get("/bkt/c2?tagging").body;
  EXPECT_NE(c2.find("<Key>new</Key>"), std::string::npos) << c2;
  EXPECT_EQ(c2.find("<Key>from</Key>"), std::string::npos) << c2;
  auto bad = app.put("/bkt/c3", {},
                     {{"x-amz-copy-source", "/bkt/src"}, {"x-amz-tagging-directive", "MERGE"}});
  EXPECT_EQ(bad.error_code(), "InvalidArgument");
}

TEST(CheckTags, SLimits) {
  EXPECT_TRUE(check_tags({{"k", ""}}));
  EXPECT_TRUE(check_tags({{std::string(128, 'k'), std::string(256, 'v')}}));
  xml::TagSet eleven;
  for (int i = 0; i < 11; ++i) eleven.emplace_back("k" + std::to_string(i), "v");
  EXPECT_EQ(check_tags(eleven).error().code, core::ErrorCode::kBadRequest);
  EXPECT_EQ(check_tags({{std::string(129, 'k'), "v"}}).error().code, core::ErrorCode::kInvalidTag);
  EXPECT_EQ(check_tags({{"k", std::string(257, 'v')}}).error().code, core::ErrorCode::kInvalidTag);
  EXPECT_EQ(check_tags({{"", "v"}}).error().code, core::ErrorCode::kInvalidTag);
  EXPECT_EQ(check_tags({{"k", "a&b"}}).error().code, core::ErrorCode::kInvalidTag);
  EXPECT_EQ(check_tags({{"aws:x", "v"}}).error().code, core::ErrorCode::kInvalidTag);
  auto dup = check_tags({{"k", "1"}, {"k", "2"}});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().effective_message(), "Cannot provide multiple Tags with the same key");
  // 128 two-byte characters: characters count, not bytes.
  std::string accented;
  for (int i = 0; i < 128; ++i) accented += "\xC3\xA9";
  EXPECT_TRUE(check_tags({{accented, "v"}}));
  EXPECT_FALSE(check_tags({{"\xFF", "v"}}));  // not UTF-8
}

TEST(ParseTaggingHeader, DecodesAndRefusesRepeats) {
  auto tags = parse_tagging_header("a=1&b=two+words&c=%C3%A9");
  ASSERT_TRUE(tags);
  ASSERT_EQ(tags->size(), 3u);
  EXPECT_EQ((*tags)[1].second, "two words");
  EXPECT_EQ((*tags)[2].second, "\xC3\xA9");
  EXPECT_EQ(parse_tagging_header("a=1&a=2").error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_tagging_header("a=%zz").error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace s3sandbox::app
