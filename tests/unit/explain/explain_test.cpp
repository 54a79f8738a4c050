// The explainer's pieces beyond the recorded table: URL splitting, explaining without a
// credential or with the server's, the lint's severities, the JSON and text renderings and the
// command line's exit codes.
#include "s3sandbox/explain/explain.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "explain/url.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/explain/command.hpp"
#include "s3sandbox/explain/render.hpp"
#include "unit/explain/recorded_urls.hpp"

namespace s3sandbox::explain {
namespace {

using recorded::kGetUrl;
using recorded::kSdkPutUrl;
const core::TimePoint kNow = *core::parse_iso8601("2026-12-02T08:30:00Z");
const auth::Credential kCredential{"AKIDEXPLAIN", "explain-secret"};

bool has(const Report& r, std::string_view code, Severity severity) {
  for (const Finding& f : r.findings) {
    if (f.code == code && f.severity == severity) return true;
  }
  return false;
}

TEST(SplitUrl, KeepsWhatTheRequestCarries) {
  auto u = split_url("HTTPS://user:pw@Bucket.s3.example.com:443/a%20b/c?x=1&y#frag");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "Bucket.s3.example.com");  // the default port is not sent
  EXPECT_EQ(u->path, "/a%20b/c");
  EXPECT_EQ(u->query, "x=1&y");
  EXPECT_EQ(split_url("http://localhost:9000")->path, "/");
  EXPECT_EQ(split_url("http://[::1]:80/b")->host, "[::1]");
  EXPECT_EQ(split_url("http://localhost:8080/b")->host, "localhost:8080");
  EXPECT_FALSE(split_url("localhost:9000/b/k"));
  EXPECT_FALSE(split_url("ftp://host/b"));
  EXPECT_FALSE(split_url("http:///b"));
}

TEST(Explain, WithoutACredentialReportsTheFactsAndGuessesTheMethod) {
  Report r = explain({kSdkPutUrl, "", {}, std::nullopt}, {}, kNow);
  EXPECT_EQ(r.version, "sigv4");
  EXPECT_EQ(r.algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(r.access_key, "AKIDEXPLAIN");
  EXPECT_EQ(r.region, "us-east-1");
  EXPECT_FALSE(r.verdict.checked);
  EXPECT_TRUE(r.valid_methods.empty());
  EXPECT_NE(r.method_note.find("The URL suggests PUT (x-id=PutObject)"), std::string::npos);
  ASSERT_TRUE(r.remaining_seconds);
  // Signed at 08:22:13 for an hour, explained at 08:30:00.
  EXPECT_EQ(*r.remaining_seconds, 3600 - (7 * 60 + 47));
  EXPECT_TRUE(has(r, "empty-body-checksum", Severity::kError));
  EXPECT_FALSE(r.usable());
  // The same URL used for a GET: the empty-body checksum no longer matters.
  Report get = explain({kSdkPutUrl, "get", {}, std::nullopt}, {}, kNow);
  EXPECT_TRUE(has(get, "empty-body-checksum", Severity::kInfo));
}

TEST(Explain, ChecksWithTheServersCredentialsWhenNoneIsGiven) {
  ExplainOptions server;
  server.credentials.add(kCredential);
  Report r = explain({kGetUrl, "", {}, std::nullopt}, server, kNow);
  EXPECT_TRUE(r.verdict.checked);
  EXPECT_TRUE(r.verdict.valid);
  EXPECT_EQ(r.verdict.credential_source, "server");
  EXPECT_EQ(r.valid_methods, std::vector<std::string>{"GET"});
  EXPECT_TRUE(r.usable());
  // Used with PUT: the server's diagnosis says it was signed for GET.
  Report put = explain({kGetUrl, "PUT", {}, std::nullopt}, server, kNow);
  EXPECT_FALSE(put.verdict.valid);
  EXPECT_EQ(put.verdict.error_code, "SignatureDoesNotMatch");
  EXPECT_NE(put.verdict.diagnosis.find("signed for GET, used with PUT"), std::string::npos);
  bool canonical_request = false;
  for (const auto& [name, value] : put.verdict.fields) {
    canonical_request |=
        name == "CanonicalRequest" && value.starts_with("PUT\n/photos/cats/tom.jpg\n");
  }
  EXPECT_TRUE(canonical_request);
  EXPECT_FALSE(put.usable());
}

TEST(Explain, NamesAnotherAccessKeyAndAnotherRegion) {
  Report other = explain({kGetUrl, "GET", {}, auth::Credential{"OTHER", "x"}}, {}, kNow);
  EXPECT_EQ(other.verdict.error_code, "InvalidAccessKeyId");
  EXPECT_NE(other.verdict.diagnosis.find("signed with access key 'AKIDEXPLAIN'"),
            std::string::npos);
  ExplainOptions eu;
  eu.region = "eu-west-1";
  Report region = explain({kGetUrl, "GET", {}, kCredential}, eu, kNow);
  EXPECT_EQ(region.verdict.error_code, "AuthorizationQueryParametersError");
  EXPECT_NE(region.verdict.diagnosis.find("region 'us-east-1'"), std::string::npos);
  // Without a credential the region is still checked (before any key is needed).
  Report unchecked = explain({kGetUrl, "GET", {}, std::nullopt}, eu, kNow);
  EXPECT_FALSE(unchecked.verdict.checked);
  EXPECT_FALSE(unchecked.usable());
}

TEST(Explain, ExpiryIsReportedWithoutACredential) {
  Report r = explain({kGetUrl, "", {}, std::nullopt}, {}, kNow + std::chrono::hours(2));
  EXPECT_TRUE(r.expired);
  EXPECT_TRUE(has(r, "expired", Severity::kError));
  EXPECT_EQ(r.findings.front().message.find("S3 would answer 403 AccessDenied"), 0u);
  EXPECT_FALSE(r.usable());
}

TEST(Explain, NotYetValidIsToldApartFromABadSignature) {
  Report r = explain({kGetUrl, "", {}, kCredential}, {}, kNow - std::chrono::hours(1));
  EXPECT_TRUE(has(r, "not-yet-valid", Severity::kError));
  EXPECT_TRUE(has(r, "signature-otherwise-valid", Severity::kInfo));
  EXPECT_EQ(r.valid_methods, std::vector<std::string>{"GET"});
  EXPECT_FALSE(r.usable());
}

TEST(Explain, LintsTheKeyAndTheScheme) {
  Report plus =
      explain({"http://localhost:9000/photos/red+flower.jpg", "", {}, std::nullopt}, {}, kNow);
  EXPECT_TRUE(has(plus, "plus-in-key", Severity::kWarning));
  EXPECT_TRUE(has(plus, "not-presigned", Severity::kError));
  EXPECT_EQ(plus.key, "red+flower.jpg");
  ExplainOptions page;
  page.page_origin = "https://app.example.com";
  Report remote = explain(
      {"http://s3.example.com/photos/a.jpg?X-Amz-Signature=x", "", {}, std::nullopt}, page, kNow);
  EXPECT_TRUE(has(remote, "http-on-https-page", Severity::kError));
  Report local = explain({kGetUrl, "", {}, std::nullopt}, page, kNow);
  EXPECT_TRUE(has(local, "http-on-https-page", Severity::kWarning));  // browsers exempt localhost
  Report bad = explain({"http://localhost:9000/photos/a%zz", "", {}, std::nullopt}, {}, kNow);
  EXPECT_TRUE(has(bad, "bad-url", Severity::kError));
  Report junk = explain({"not a url", "", {}, std::nullopt}, {}, kNow);
  EXPECT_FALSE(junk.parsed);
  EXPECT_TRUE(has(junk, "not-a-url", Severity::kError));
}

TEST(Explain, EmptyBodySha256AndResponseOverrides) {
  Report r = explain({"http://localhost:9000/b/k?X-Amz-Content-Sha256="
                      "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855&response-"
                      "content-type=image%2Fpng&X-Amz-Signature=00",
                      "PUT",
                      {},
                      std::nullopt},
                     {}, kNow);
  ASSERT_FALSE(r.checksums.empty());
  EXPECT_TRUE(r.checksums.front().empty_body);
  EXPECT_TRUE(has(r, "empty-body-checksum", Severity::kError));
  ASSERT_EQ(r.response_overrides.size(), 1u);
  EXPECT_EQ(r.response_overrides[0].second, "image/png");
}

TEST(Explain, VirtualHostedUnderAConfiguredDomain) {
  ExplainOptions o;
  o.domains = {"s3.local"};
  Report r = explain({"http://photos.s3.local:9000/a/b.jpg", "", {}, std::nullopt}, o, kNow);
  EXPECT_EQ(r.addressing, "virtual-hosted");
  EXPECT_EQ(r.bucket, "photos");
  EXPECT_EQ(r.key, "a/b.jpg");
  Report path = explain({"http://photos.s3.local:9000/a/b.jpg", "", {}, std::nullopt}, {}, kNow);
  EXPECT_EQ(path.addressing, "path");
  EXPECT_EQ(path.bucket, "a");
}

TEST(Render, JsonAndTextSayTheSame) {
  Report r = explain({kSdkPutUrl, "PUT", {}, kCredential}, {}, kNow);
  boost::json::object j = to_json(r).as_object();
  EXPECT_EQ(j.at("usable"), false);
  EXPECT_EQ(j.at("signature").at("version"), "sigv4");
  EXPECT_EQ(j.at("target").at("operation"), "PutObject");
  EXPECT_EQ(j.at("method").at("valid_for").as_array().size(), 1u);
  EXPECT_EQ(j.at("verdict").at("valid"), true);
  EXPECT_EQ(j.at("time").at("expires_at"), "2026-12-02T09:22:13Z");
  EXPECT_EQ(j.at("checksums").as_array().size(), 3u);
  EXPECT_EQ(j.at("findings").as_array()[0].at("code"), "empty-body-checksum");
  std::string text = to_text(r);
  EXPECT_NE(text.find("valid for PUT"), std::string::npos);
  EXPECT_NE(text.find("(the empty body's: no upload can match)"), std::string::npos);
  EXPECT_NE(text.find("NOT usable as given."), std::string::npos);
}

int run(std::vector<const char*> args, std::string& out) {
  std::ostringstream o, e;
  int code = run_command(static_cast<int>(args.size()), args.data(), kNow, o, e);
  out = o.str() + e.str();
  return code;
}

TEST(Command, ExitCodesAndJson) {
  std::string out;
  EXPECT_EQ(run({"explain", kGetUrl.c_str(), "--credential", "AKIDEXPLAIN:explain-secret"}, out),
            0);
  EXPECT_NE(out.find("Usable as given."), std::string::npos);
  EXPECT_EQ(run({"explain", kGetUrl.c_str(), "--method=PUT", "--credential",
                 "AKIDEXPLAIN:explain-secret", "--json"},
                out),
            1);
  EXPECT_EQ(boost::json::parse(out).at("verdict").at("error").at("code"), "SignatureDoesNotMatch");
  EXPECT_EQ(run({"explain", kGetUrl.c_str(), "--now", "2030-01-01T00:00:00Z"}, out), 1);
  EXPECT_EQ(run({"explain"}, out), 2);
  EXPECT_EQ(run({"explain", kGetUrl.c_str(), "--header", "no colon"}, out), 2);
  EXPECT_EQ(run({"explain", kGetUrl.c_str(), "--bogus"}, out), 2);
  EXPECT_EQ(run({"explain", kGetUrl.c_str(), "--credential"}, out), 2);
  EXPECT_EQ(run({"explain", "--help"}, out), 0);
  EXPECT_NE(out.find("Usage: s3sandbox explain URL"), std::string::npos);
  // --domain replaces the default: localhost is then path-style only.
  EXPECT_EQ(run({"explain", "http://photos.localhost:9000/k?X-Amz-Signature=1", "--json",
                 "--domain", "s3.local"},
                out),
            1);
  EXPECT_EQ(boost::json::parse(out).at("target").at("addressing"), "path");
}

}  // namespace
}  // namespace s3sandbox::explain
