// Every OpKind from method, path, query and headers, per the request syntax of each operation
// in the S3 API reference, in both addressing styles.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "request_builder.hpp"
#include "s3sandbox/router/router.hpp"

namespace s3sandbox::router {
namespace {

using testing::make_request;

struct Case {
  std::string method;
  std::string target;
  std::vector<core::Header> headers;
  OpKind kind;
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.method << " " << c.target << " -> " << op_name(c.kind);
}

const core::Header kCopySource{"x-amz-copy-source", "/src/key"};

// Written for a bucket-level target "<B>" and an object-level target "<B>/k"; each case runs
// path-style (Host localhost:9000, "/b...") and virtual-hosted (Host b.localhost:9000, "/...").
const std::vector<Case> kBucketAndObjectCases = {
    {"PUT", "", {}, OpKind::kCreateBucket},
    {"PUT", "?cors", {}, OpKind::kPutBucketCors},
    {"DELETE", "", {}, OpKind::kDeleteBucket},
    {"DELETE", "?cors", {}, OpKind::kDeleteBucketCors},
    {"HEAD", "", {}, OpKind::kHeadBucket},
    {"GET", "", {}, OpKind::kListObjects},
    {"GET", "?list-type=2", {}, OpKind::kListObjectsV2},
    {"GET", "?list-type=1", {}, OpKind::kListObjects},
    {"GET", "?prefix=a&list-type=2&delimiter=%2F", {}, OpKind::kListObjectsV2},
    {"GET", "?location", {}, OpKind::kGetBucketLocation},
    {"GET", "?cors", {}, OpKind::kGetBucketCors},
    {"GET", "?uploads", {}, OpKind::kListMultipartUploads},
    {"POST", "?delete", {}, OpKind::kDeleteObjects},
    {"POST", "", {}, OpKind::kPostObject},
    {"OPTIONS", "", {}, OpKind::kPreflight},
    {"GET", "?acl", {}, OpKind::kGetBucketAcl},
    {"PUT", "?versioning", {}, OpKind::kPutBucketVersioning},
    {"GET", "?versions", {}, OpKind::kListObjectVersions},
    {"PUT", "/k", {}, OpKind::kPutObject},
    {"PUT", "/k", {kCopySource}, OpKind::kCopyObject},
    {"PUT", "/k?partNumber=1&uploadId=u1", {}, OpKind::kUploadPart},
    {"PUT", "/k?partNumber=1&uploadId=u1", {kCopySource}, OpKind::kUploadPartCopy},
    {"GET", "/k", {}, OpKind::kGetObject},
    {"GET", "/k?partNumber=2", {}, OpKind::kGetObject},
    {"GET", "/k?uploadId=u1", {}, OpKind::kListParts},
    {"GET", "/k?attributes", {}, OpKind::kGetObjectAttributes},
    {"HEAD", "/k", {}, OpKind::kHeadObject},
    {"DELETE", "/k", {}, OpKind::kDeleteObject},
    {"DELETE", "/k?uploadId=u1", {}, OpKind::kAbortMultipartUpload},
    {"POST", "/k?uploads", {}, OpKind::kCreateMultipartUpload},
    {"POST", "/k?uploadId=u1", {}, OpKind::kCompleteMultipartUpload},
    {"OPTIONS", "/k", {}, OpKind::kPreflight},
    {"GET", "/k?tagging", {}, OpKind::kGetObjectTagging},
    {"PUT", "/k?tagging", {}, OpKind::kPutObjectTagging},
    {"DELETE", "/k?tagging", {}, OpKind::kDeleteObjectTagging},
    {"GET", "?tagging", {}, OpKind::kGetBucketTagging},
    {"GET", "?analytics&id=a1", {}, OpKind::kGetBucketAnalyticsConfiguration},
    {"GET", "?analytics", {}, OpKind::kListBucketAnalyticsConfigurations},
    {"GET", "/k?versioning", {}, OpKind::kNotImplemented},
    {"GET", "/k?location", {}, OpKind::kNotImplemented},
    {"GET", "/k?response-content-type=text%2Fplain&X-Amz-Expires=60", {}, OpKind::kGetObject},
    {"PUT", "/k?acl", {}, OpKind::kPutObjectAcl},
    {"POST", "/k?restore", {}, OpKind::kRestoreObject},
    {"POST", "/k?select&select-type=2", {}, OpKind::kSelectObjectContent},
    {"GET", "/k?legal-hold", {}, OpKind::kGetObjectLegalHold},
};

class OperationTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(OperationTableTest, PathStyle) {
  const Case& c = GetParam();
  auto op = route(make_request(c.method, "/b" + c.target, "localhost:9000", c.headers), {});
  ASSERT_TRUE(op) << op.error().info().code;
  EXPECT_EQ(op->kind, c.kind) << op_name(op->kind);
  EXPECT_EQ(op->bucket, "b");
  EXPECT_EQ(op->key, c.target.starts_with("/k") ? "k" : "");
  EXPECT_FALSE(op->virtual_host);
}

TEST_P(OperationTableTest, VirtualHostedStyle) {
  const Case& c = GetParam();
  std::string target = c.target.starts_with("/") ? c.target : "/" + c.target;
  auto op = route(make_request(c.method, target, "b.localhost:9000", c.headers), {});
  ASSERT_TRUE(op) << op.error().info().code;
  EXPECT_EQ(op->kind, c.kind) << op_name(op->kind);
  EXPECT_EQ(op->bucket, "b");
  EXPECT_EQ(op->key, c.target.starts_with("/k") ? "k" : "");
  EXPECT_TRUE(op->virtual_host);
}

INSTANTIATE_TEST_SUITE_P(AllOperations, OperationTableTest,
                         ::testing::ValuesIn(kBucketAndObjectCases));

TEST(OperationTest, ServiceGetIsListBuckets) {
  auto op = route(make_request("GET", "/"), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->kind, OpKind::kListBuckets);
  EXPECT_EQ(op->bucket, "");
}

TEST(OperationTest, ServiceOptionsIsPreflight) {
  auto op = route(make_request("OPTIONS", "/"), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->kind, OpKind::kPreflight);
}

TEST(OperationTest, ServicePutIsMethodNotAllowed) {
  auto op = route(make_request("PUT", "/"), {});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, core::ErrorCode::kMethodNotAllowed);
}

TEST(OperationTest, SandboxPathRoutesToSandbox) {
  auto op = route(make_request("GET", "/_sandbox/health?x=1"), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->kind, OpKind::kSandbox);
  EXPECT_EQ(op->sandbox_path, "health");
  ASSERT_NE(op->param("x"), nullptr);
}

TEST(OperationTest, SandboxPathIsKeyUnderVirtualHost) {
  auto op = route(make_request("GET", "/_sandbox/health", "b.localhost"), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->kind, OpKind::kGetObject);
  EXPECT_EQ(op->key, "_sandbox/health");
}

TEST(OperationTest, PatchIsMethodNotAllowedWithS3Fields) {
  auto op = route(make_request("PATCH", "/b/k"), {});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, core::ErrorCode::kMethodNotAllowed);
  EXPECT_EQ(op.error().info().http_status, 405);
  ASSERT_EQ(op.error().fields.size(), 2u);
  EXPECT_EQ(op.error().fields[0], (std::pair<std::string, std::string>{"Method", "PATCH"}));
  EXPECT_EQ(op.error().fields[1], (std::pair<std::string, std::string>{"ResourceType", "OBJECT"}));
}

TEST(OperationTest, LowercaseMethodIsMethodNotAllowed) {
  auto op = route(make_request("get", "/b/k"), {});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, core::ErrorCode::kMethodNotAllowed);
}

TEST(OperationTest, PostToObjectWithoutSubresourceIsMethodNotAllowed) {
  auto op = route(make_request("POST", "/b/k"), {});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, core::ErrorCode::kMethodNotAllowed);
}

TEST(OperationTest, LocationWithPutIsMethodNotAllowed) {
  auto op = route(make_request("PUT", "/b?location"), {});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, core::ErrorCode::kMethodNotAllowed);
}

TEST(OperationTest, SubresourceOfTheOtherLevelIsNotImplementedAndNamed) {
  auto op = route(make_request("PUT", "/b/k?versioning"), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->kind, OpKind::kNotImplemented);
  EXPECT_EQ(op->subresource, "versioning");
}

TEST(OperationTest, MethodNotAllowedListsTheMethodsTheTableGives) {
  auto op = route(make_request("POST", "/b?cors"), {});
  ASSERT_FALSE(op);
  EXPECT_EQ(op.error().code, core::ErrorCode::kMethodNotAllowed);
  EXPECT_NE(op.error().diagnosis.find("?cors on a bucket takes GET, PUT or DELETE, not POST"),
            std::string::npos)
      << op.error().diagnosis;
}

TEST(OperationTest, TheSelectingSubresourceIsRecorded) {
  auto op = route(make_request("PUT", "/b/k?tagging"), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->subresource, "tagging");
}

TEST(OperationTest, IamActionFollowsVersionId) {
  auto plain = route(make_request("GET", "/b/k"), {});
  auto versioned = route(make_request("GET", "/b/k?versionId=v1"), {});
  auto head = route(make_request("HEAD", "/b/k"), {});
  auto list = route(make_request("GET", "/b?list-type=2"), {});
  auto part = route(make_request("PUT", "/b/k?partNumber=1&uploadId=u"), {});
  ASSERT_TRUE(plain && versioned && head && list && part);
  EXPECT_EQ(plain->iam_action(), "s3:GetObject");
  EXPECT_EQ(versioned->iam_action(), "s3:GetObjectVersion");
  EXPECT_EQ(head->iam_action(), "s3:GetObject");
  EXPECT_EQ(list->iam_action(), "s3:ListBucket");
  EXPECT_EQ(part->iam_action(), "s3:PutObject");
}

TEST(OperationRowsTest, NamesAreUniqueAndRowsAreIndexedByKind) {
  std::set<std::string_view> names;
  std::size_t i = 0;
  for (const OperationRow& row : operation_rows()) {
    EXPECT_TRUE(names.insert(row.name).second) << "duplicate row " << row.name;
    EXPECT_EQ(static_cast<std::size_t>(row.kind), i++) << row.name;
    EXPECT_EQ(op_name(row.kind), row.name);
    EXPECT_FALSE(row.iam.action.empty()) << row.name;
  }
}

TEST(OperationRowsTest, EveryRowIsReachableByRouting) {
  // A row that another row shadows could never be dispatched: route a request shaped like each
  // row (its method, level, sub-resource and condition) and expect that row back.
  for (const OperationRow& row : operation_rows()) {
    std::string target = row.level == Level::kService  ? "/"
                         : row.level == Level::kBucket ? "/b"
                                                       : "/b/k";
    std::string query;
    auto add = [&query](std::string_view item) {
      query += query.empty() ? "?" : "&";
      query += item;
    };
    if (!row.subresource.empty()) add(row.subresource);
    if (row.when == When::kListTypeV2) add("list-type=2");
    if (row.when == When::kWithId) add("id=x");
    std::vector<core::Header> headers;
    if (row.when == When::kCopySource) headers.push_back(kCopySource);
    auto op =
        route(make_request(std::string(row.method), target + query, "localhost", headers), {});
    ASSERT_TRUE(op) << row.name;
    EXPECT_EQ(op->kind, row.kind) << row.name << " routed as " << op_name(op->kind);
  }
}

TEST(OperationTest, AclHeaderOnPutIsStillPutObject) {
  auto op = route(make_request("PUT", "/b/k", "localhost", {{"x-amz-acl", "private"}}), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->kind, OpKind::kPutObject);
}

TEST(OperationTest, CopySourceHeaderNameIsCaseInsensitive) {
  auto op = route(make_request("PUT", "/b/k", "localhost", {{"X-Amz-Copy-Source", "s/k"}}), {});
  ASSERT_TRUE(op);
  EXPECT_EQ(op->kind, OpKind::kCopyObject);
}

TEST(OpNameTest, UsesS3ApiNames) {
  EXPECT_EQ(op_name(OpKind::kPreflight), "PreflightRequest");
  EXPECT_EQ(op_name(OpKind::kListObjectsV2), "ListObjectsV2");
  EXPECT_EQ(op_name(OpKind::kUploadPartCopy), "UploadPartCopy");
  EXPECT_EQ(op_name(OpKind::kCompleteMultipartUpload), "CompleteMultipartUpload");
  EXPECT_EQ(op_name(OpKind::kGetBucketLocation), "GetBucketLocation");
}

}  // namespace
}  // namespace s3sandbox::router
