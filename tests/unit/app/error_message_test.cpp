// The diagnosis in <Message>: appended by default ("... [s3sandbox: why]", what SDK exceptions
// print), S3's exact message with AppOptions::s3_messages; <Diagnosis> and the header either way.
// And the NoSuchBucket diagnosis that names a similarly named bucket.
#include <gtest/gtest.h>

#include "app_harness.hpp"

namespace s3sandbox::app {
namespace {

using testing::AppHarness;

TEST(ErrorMessage, DiagnosisIsAppendedToTheMessageByDefault) {
  AppHarness app;
  ASSERT_EQ(app.put("/media-uploads").status, 200);
  auto r = app.get("/media_uploads/k");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<Message>The specified bucket does not exist [s3sandbox: There is no "
                        "bucket 'media_uploads', but there is a bucket 'media-uploads'"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<Diagnosis>There is no bucket"), std::string::npos) << r.body;
  EXPECT_NE(r.header("x-s3sandbox-diagnosis").value_or("").find("'media-uploads'"),
            std::string::npos);
}

TEST(ErrorMessage, S3MessagesKeepS3sTextAndTheDiagnosisElsewhere) {
  AppOptions options;
  options.s3_messages = true;
  AppHarness app(options);
  ASSERT_EQ(app.put("/Media.Uploads").status, 400);  // an invalid name is refused, not created
  ASSERT_EQ(app.put("/media-uploads").status, 200);
  auto r = app.get("/Media.Uploads/k");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<Message>The specified bucket does not exist</Message>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<Diagnosis>There is no bucket 'Media.Uploads', but there is a bucket "
                        "'media-uploads'"),
            std::string::npos)
      << r.body;
}

TEST(ErrorMessage, NoSimilarBucketNoDiagnosis) {
  AppHarness app;
  ASSERT_EQ(app.put("/photos").status, 200);
  auto r = app.get("/videos/k");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<Message>The specified bucket does not exist</Message>"),
            std::string::npos)
      << r.body;
}

}  // namespace
}  // namespace s3sandbox::app
