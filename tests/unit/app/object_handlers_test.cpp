// Object operations through app::Application, without sockets (AppHarness).
#include <gtest/gtest.h>

#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;
using testing::content_md5;

class ObjectHandlers : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(app.put("/bkt").status, 200); }
  AppHarness app;
};

TEST_F(ObjectHandlers, PutGetHeadDelete) {
  auto put = app.put("/bkt/dir/hello.txt", "hello", {{"Content-Type", "text/plain"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.header("ETag"), "\"5d41402abc4b2a76b9719d911017c592\"");
  auto got = app.get("/bkt/dir/hello.txt");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "hello");
  EXPECT_EQ(got.header("Content-Type"), "text/plain");
  auto head = app.send("HEAD", "/bkt/dir/hello.txt");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("ETag"), put.header("ETag"));
  EXPECT_EQ(app.send("DELETE", "/bkt/dir/hello.txt").status, 204);
  auto gone = app.get("/bkt/dir/hello.txt");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.error_code(), "NoSuchKey");
}

TEST_F(ObjectHandlers, LargeBodyStreamsThroughInPiecesAndComesBackWhole) {
  std::string body(300 * 1024, 'z');
  for (std::size_t i = 0; i < body.size(); i += 97) body[i] = static_cast<char>('a' + i % 26);
  ASSERT_EQ(app.put("/bkt/big", body).status, 200);
  EXPECT_EQ(app.get("/bkt/big").body, body);
  auto range = app.get("/bkt/big", {{"Range", "bytes=97-100"}});
  EXPECT_EQ(range.status, 206);
  EXPECT_EQ(range.body, body.substr(97, 4));
}

TEST_F(ObjectHandlers, WrongContentMd5IsBadDigestAndNothingIsStored) {
  auto put = app.put("/bkt/k", "data", {content_md5("other")});
  EXPECT_EQ(put.status, 400);
  EXPECT_EQ(put.error_code(), "BadDigest");
  EXPECT_EQ(app.get("/bkt/k").status, 404);
}

TEST_F(ObjectHandlers, CopyObjectCopiesBytesAndMetadata) {
  app.put("/bkt/src", "copy me", {{"x-amz-meta-colour", "blue"}});
  auto copied = app.put("/bkt/dst", {}, {{"x-amz-copy-source", "/bkt/src"}});
  ASSERT_EQ(copied.status, 200) << copied.body;
  EXPECT_NE(copied.body.find("<CopyObjectResult"), std::string::npos) << copied.body;
  auto got = app.get("/bkt/dst");
  EXPECT_EQ(got.body, "copy me");
  EXPECT_EQ(got.header("x-amz-meta-colour"), "blue");
}

TEST_F(ObjectHandlers, GetObjectAttributes) {
  app.put("/bkt/k", "12345");
  auto r = app.get("/bkt/k?attributes", {{"x-amz-object-attributes", "ObjectSize,ETag"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<ObjectSize>5</ObjectSize>"), std::string::npos) << r.body;
}

TEST_F(ObjectHandlers, MultipartUploadAssemblesThePartsInOrder) {
  AppOptions options;
  options.min_part_size = 1;  // small parts, for a fast test
  AppHarness small_parts(options);
  ASSERT_EQ(small_parts.put("/bkt").status, 200);
  auto created = small_parts.send("POST", "/bkt/mp?uploads");
  ASSERT_EQ(created.status, 200) << created.body;
  auto at = created.body.find("<UploadId>") + 10;
  std::string id = created.body.substr(at, created.body.find("</UploadId>") - at);
  auto p1 = small_parts.put("/bkt/mp?partNumber=1&uploadId=" + id, "first-");
  auto p2 = small_parts.put("/bkt/mp?partNumber=2&uploadId=" + id, "second");
  ASSERT_EQ(p1.status, 200) << p1.body;
  ASSERT_EQ(p2.status, 200) << p2.body;
  auto listed = small_parts.get("/bkt/mp?uploadId=" + id);
  EXPECT_NE(listed.body.find("<PartNumber>2</PartNumber>"), std::string::npos) << listed.body;
  std::string doc = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" +
                    *p1.header("ETag") + "</ETag></Part><Part><PartNumber>2</PartNumber><ETag>" +
                    *p2.header("ETag") + "</ETag></Part></CompleteMultipartUpload>";
  auto done = small_parts.send("POST", "/bkt/mp?uploadId=" + id, doc);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(small_parts.get("/bkt/mp").body, "first-second");
}

TEST_F(ObjectHandlers, CompleteMultipartUploadChecksAContentMd5OfItsDocument) {
  auto created = app.send("POST", "/bkt/mp?uploads");
  auto at = created.body.find("<UploadId>") + 10;
  std::string id = created.body.substr(at, created.body.find("</UploadId>") - at);
  std::string doc = "<CompleteMultipartUpload></CompleteMultipartUpload>";
  auto r = app.send("POST", "/bkt/mp?uploadId=" + id, doc, {content_md5("not the document")});
  EXPECT_EQ(r.error_code(), "BadDigest");
}

TEST_F(ObjectHandlers, ASubresourceOfBucketsOnAnObjectNeverReturnsTheObject) {
  app.put("/bkt/k", "secret bytes");
  auto r = app.get("/bkt/k?versioning");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.body.find("secret bytes"), std::string::npos);
}

TEST_F(ObjectHandlers, PostToAnObjectWithoutSubresourceIsMethodNotAllowed) {
  auto r = app.send("POST", "/bkt/k", "x");
  EXPECT_EQ(r.status, 405);
}

}  // namespace
}  // namespace s3sandbox::app
