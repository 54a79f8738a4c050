#include "app/object_headers.hpp"

#include <gtest/gtest.h>

namespace s3sandbox::app {
namespace {

TEST(ObjectHeadersTest, ReadsContentHeadersAndLowercasedMetadata) {
  core::RequestView r;
  r.headers = {{"Content-Type", "image/png"}, {"Cache-Control", "max-age=60"},
               {"X-Amz-Meta-Owner", "Alice"}, {"x-amz-meta-tag", "a"},
               {"x-amz-meta-tag", "b"},       {"Content-Disposition", "inline"}};
  storage::ObjectMeta meta;
  ASSERT_TRUE(read_object_headers(r, meta));
  EXPECT_EQ(meta.content.content_type, "image/png");
  EXPECT_EQ(meta.content.cache_control, "max-age=60");
  EXPECT_EQ(meta.content.content_disposition, "inline");
  ASSERT_EQ(meta.user_metadata.size(), 2u);
  EXPECT_EQ(meta.user_metadata[0], (std::pair<std::string, std::string>{"owner", "Alice"}));
  EXPECT_EQ(meta.user_metadata[1], (std::pair<std::string, std::string>{"tag", "a,b"}));
}

TEST(ObjectHeadersTest, MetadataOverTwoKilobytesIsRefused) {
  core::RequestView r;
  r.headers = {{"x-amz-meta-big", std::string(2045, 'x')}};  // 3 + 2045 = 2048: allowed
  storage::ObjectMeta meta;
  EXPECT_TRUE(read_object_headers(r, meta));
  r.headers = {{"x-amz-meta-big", std::string(2046, 'x')}};
  auto result = read_object_headers(r, meta);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::ErrorCode::kMetadataTooLarge);
}

TEST(ObjectHeadersTest, StorageClassDefaultsToStandardAndIsValidated) {
  core::RequestView r;
  storage::ObjectMeta meta;
  ASSERT_TRUE(read_object_headers(r, meta));
  EXPECT_EQ(meta.storage_class, "STANDARD");
  r.headers = {{"x-amz-storage-class", "STANDARD_IA"}};
  ASSERT_TRUE(read_object_headers(r, meta));
  EXPECT_EQ(meta.storage_class, "STANDARD_IA");
  r.headers = {{"x-amz-storage-class", "CHEAP"}};
  auto result = read_object_headers(r, meta);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidStorageClass);
}

TEST(ObjectHeadersTest, WritesDefaultsAndStoredHeaders) {
  storage::ObjectMeta meta;
  meta.etag = "d41d8cd98f00b204e9800998ecf8427e";
  meta.user_metadata = {{"owner", "Alice"}};
  core::Response resp;
  write_object_headers(meta, resp);
  auto find = [&](std::string_view name) -> std::string {
    for (auto& h : resp.headers) {
      if (core::iequals(h.name, name)) return h.value;
    }
    return "<absent>";
  };
  EXPECT_EQ(find("ETag"), "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_EQ(find("Content-Type"), "binary/octet-stream");
  EXPECT_EQ(find("x-amz-meta-owner"), "Alice");
  EXPECT_EQ(find("Content-Disposition"), "<absent>");
}

TEST(ObjectHeadersTest, UnquoteHandlesWeakAndBareTags) {
  EXPECT_EQ(unquote_etag("\"abc\""), "abc");
  EXPECT_EQ(unquote_etag("W/\"abc\""), "abc");
  EXPECT_EQ(unquote_etag(" abc "), "abc");
}

}  // namespace
}  // namespace s3sandbox::app
