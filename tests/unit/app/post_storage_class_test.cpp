// POST Object's x-amz-storage-class form field behaves as PutObject's header: a class S3 knows
// is stored and reported by HEAD, GET and listings; any other is InvalidStorageClass, with
// nothing written.
#include <gtest/gtest.h>

#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body +=
        "--XyZ\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }
  return body +
         "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n"
         "Content-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
}

testing::Reply post(AppHarness& app, const std::vector<std::pair<std::string, std::string>>& f) {
  return app.send("POST", "/bkt", form(f), {{"Content-Type", "multipart/form-data; boundary=XyZ"}});
}

class PostStorageClass : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(app.put("/bkt").status, 200); }
  AppHarness app;
};

TEST_F(PostStorageClass, TheFieldIsStoredAndReportedAsTheHeaderIs) {
  auto r = post(app, {{"key", "cold"}, {"x-amz-storage-class", "STANDARD_IA"}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(app.send("HEAD", "/bkt/cold").header("x-amz-storage-class"), "STANDARD_IA");
  EXPECT_EQ(app.get("/bkt/cold").header("x-amz-storage-class"), "STANDARD_IA");
  auto listed = app.get("/bkt?list-type=2");
  EXPECT_NE(listed.body.find("<Key>cold</Key>"), std::string::npos) << listed.body;
  EXPECT_NE(listed.body.find("<StorageClass>STANDARD_IA</StorageClass>"), std::string::npos)
      << listed.body;
  // The field's name is matched without regard to case, as a header's is.
  ASSERT_EQ(post(app, {{"key", "g"}, {"X-Amz-Storage-Class", "GLACIER"}}).status, 204);
  EXPECT_EQ(app.send("HEAD", "/bkt/g").header("x-amz-storage-class"), "GLACIER");
  // Without the field the object is STANDARD, which HEAD does not name (as S3).
  ASSERT_EQ(post(app, {{"key", "plain"}}).status, 204);
  EXPECT_FALSE(app.send("HEAD", "/bkt/plain").header("x-amz-storage-class"));
}

TEST_F(PostStorageClass, AnUnknownClassIsRefusedAsOnPut) {
  auto put = app.put("/bkt/p", "hello", {{"x-amz-storage-class", "COLD"}});
  auto r = post(app, {{"key", "bad"}, {"x-amz-storage-class", "COLD"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_code(), "InvalidStorageClass");
  EXPECT_EQ(r.status, put.status);
  EXPECT_EQ(r.error_code(), put.error_code());
  EXPECT_NE(r.body.find("<StorageClassRequested>COLD</StorageClassRequested>"), std::string::npos)
      << r.body;
  ASSERT_TRUE(r.header("x-s3sandbox-diagnosis"));
  EXPECT_NE(r.header("x-s3sandbox-diagnosis")->find("x-amz-storage-class"), std::string::npos);
  EXPECT_EQ(app.get("/bkt/bad").error_code(), "NoSuchKey");  // nothing half-written
}

}  // namespace
}  // namespace s3sandbox::app
