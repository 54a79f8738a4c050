// The explainer over URLs real clients made (boto3 SigV4 and SigV2, the aws CLI, aws-sdk-js v3)
// and hand-made broken ones, recorded once in tests/data/explain/ (README.md there says how).
// Each URL is explained at its own signing time plus a minute (or the time a row gives), with
// the recording's credential, as it would be used (method and headers from the recording).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <set>

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/explain/explain.hpp"

namespace s3sandbox::explain {
namespace {

namespace json = boost::json;

struct Recorded {
  std::string url, method;
  std::vector<core::Header> headers;
  core::TimePoint signed_at;
};

std::map<std::string, Recorded> load() {
  std::map<std::string, Recorded> out;
  for (const char* file : {"urls_python.jsonl", "urls_js.jsonl"}) {
    std::ifstream in(std::string(S3SANDBOX_TEST_DATA) + "/explain/" + file);
    EXPECT_TRUE(in) << file;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      json::object row = json::parse(line).as_object();
      Recorded r{json::value_to<std::string>(row.at("url")),
                 json::value_to<std::string>(row.at("method")),
                 {},
                 *core::parse_iso8601(json::value_to<std::string>(row.at("signed_at")))};
      for (const auto& [name, value] : row.at("headers").as_object()) {
        r.headers.push_back({std::string(name), json::value_to<std::string>(value)});
      }
      out[json::value_to<std::string>(row.at("name"))] = r;
    }
  }
  return out;
}

const std::map<std::string, Recorded>& recorded() {
  static const std::map<std::string, Recorded> rows = load();
  return rows;
}

struct Row {
  std::string name;  // in the recordings
  std::string version, addressing, key;
  std::vector<std::string> valid_methods;
  bool usable;
  std::set<std::string> findings;  // codes
  // Variations of use.
  std::chrono::seconds after_signing{60};
  bool use_method = true;   // false: explain without a method (the methods are tried)
  bool use_headers = true;  // false: without the recorded headers
  ExplainOptions options = {};
};

std::set<std::string> codes(const Report& r) {
  std::set<std::string> out;
  for (const Finding& f : r.findings) out.insert(f.code);
  return out;
}

std::string describe(const Report& r) {
  std::string out;
  for (const Finding& f : r.findings) out += "\n  [" + f.code + "] " + f.message;
  return out + "\n  verdict: " + r.verdict.error_code + " " + r.verdict.diagnosis;
}

class ExplainTable : public testing::TestWithParam<Row> {};

TEST_P(ExplainTable, ExplainsTheRecordedUrl) {
  const Row& row = GetParam();
  auto it = recorded().find(row.name);
  ASSERT_NE(it, recorded().end()) << "no recording named " << row.name;
  const Recorded& rec = it->second;
  ExplainInput input{rec.url, row.use_method ? rec.method : "",
                     row.use_headers ? rec.headers : std::vector<core::Header>{},
                     auth::Credential{"AKIDEXPLAIN", "explain-secret"}};
  Report r = explain(input, row.options, rec.signed_at + row.after_signing);
  EXPECT_EQ(r.version, row.version);
  EXPECT_EQ(r.addressing, row.addressing);
  EXPECT_EQ(r.bucket, "photos");
  EXPECT_EQ(r.key, row.key);
  EXPECT_EQ(r.valid_methods, row.valid_methods) << describe(r);
  EXPECT_EQ(codes(r), row.findings) << describe(r);
  EXPECT_EQ(r.usable(), row.usable) << describe(r);
}

ExplainOptions with_page(std::string origin) {
  ExplainOptions o;
  o.page_origin = std::move(origin);
  return o;
}

ExplainOptions expecting(std::string host) {
  ExplainOptions o;
  o.expect_host = std::move(host);
  return o;
}

const std::vector<std::string> kGet = {"GET"}, kPut = {"PUT"}, kNone = {};
const std::string kCat = "uploads/cat.jpg", kTom = "cats/tom.jpg";

// clang-format off
INSTANTIATE_TEST_SUITE_P(Recorded, ExplainTable, testing::Values(
    // aws-sdk-js v3
    Row{"sdkjs-get", "sigv4", "path", kTom, kGet, true, {}},
    Row{"sdkjs-get-virtual", "sigv4", "virtual-hosted", kTom, kGet, true, {}},
    Row{"sdkjs-put-default-checksum", "sigv4", "path", kCat, kPut, false, {"empty-body-checksum"}},
    Row{"sdkjs-put-content-type", "sigv4", "path", kCat, kPut, true, {}},
    // boto3 SigV4
    Row{"boto3-v4-get", "sigv4", "path", kTom, kGet, true, {}},
    Row{"boto3-v4-get", "sigv4", "path", kTom, kGet, true, {}, std::chrono::seconds{60}, false},
    Row{"boto3-v4-put-content-type", "sigv4", "path", kCat, kPut, true, {}},
    // Used without the signed Content-Type: the server's diagnosis names the header.
    Row{"boto3-v4-put-content-type", "sigv4", "path", kCat, kNone, false, {"signature-mismatch",
        "signed-header-value-unknown"}, std::chrono::seconds{60}, true, false},
    // Used for GET: the signature is PUT's.
    Row{"boto3-v4-upload-part", "sigv4", "path", "big.bin", kPut, true, {}},
    Row{"boto3-v4-put-metadata", "sigv4", "path", kCat, kNone, false, {"signature-mismatch",
        "signed-header-value-unknown"}},
    Row{"boto3-v4-get-overrides", "sigv4", "path", kTom, kGet, true, {}},
    Row{"boto3-v4-key-plus", "sigv4", "path", "red flower+1.jpg", kGet, true, {}},
    Row{"boto3-v4-eight-days", "sigv4", "path", kTom, kNone, false, {"over-seven-days"}},
    Row{"boto3-v4-virtual", "sigv4", "virtual-hosted", kTom, kGet, true, {}},
    // Expired: the server's verdict, and the signature still recognised as GET's.
    Row{"boto3-v4-get", "sigv4", "path", kTom, kGet, false, {"expired",
        "signature-otherwise-valid"}, std::chrono::seconds{3601}},
    // boto3 SigV2
    Row{"boto3-v2-get", "sigv2", "path", kTom, kGet, true, {"sigv2"}},
    Row{"boto3-v2-put-content-type", "sigv2", "path", kCat, kPut, true, {"sigv2"}},
    Row{"boto3-v2-put-content-type", "sigv2", "path", kCat, kPut, false, {"sigv2",
        "signature-mismatch"}, std::chrono::seconds{60}, true, false},
    Row{"boto3-v2-get", "sigv2", "path", kTom, kGet, false, {"sigv2", "expired",
        "signature-otherwise-valid"}, std::chrono::seconds{7200}},
    // aws CLI
    Row{"awscli-get", "sigv4", "path", kTom, kGet, true, {}},
    Row{"awscli-get-week", "sigv4", "path", kTom, kGet, true, {}},
    // Lint with the page's origin and the expected host.
    Row{"boto3-v4-get", "sigv4", "path", kTom, kGet, true, {"http-on-https-page"},
        std::chrono::seconds{60}, true, true, with_page("https://app.example.com")},
    Row{"boto3-v4-get", "sigv4", "path", kTom, kGet, false, {"unexpected-host"},
        std::chrono::seconds{60}, true, true, expecting("s3.example.com")},
    Row{"boto3-v4-get", "sigv4", "path", kTom, kGet, true, {},
        std::chrono::seconds{60}, true, true, expecting("localhost:9000")},
    Row{"boto3-v4-get", "sigv4", "path", kTom, kGet, false, {"unexpected-host"},
        std::chrono::seconds{60}, true, true, expecting("localhost:9001")},
    // Hand-made broken ones.
    Row{"hand-tampered-signature", "sigv4", "path", kTom, kNone, false, {"signature-mismatch"}},
    Row{"hand-missing-signature", "sigv4", "path", kTom, kNone, false, {"malformed-parameters"}},
    Row{"hand-unencoded-space", "sigv4", "path", "my cat.jpg", kGet, true,
        {"unencoded-character"}},
    Row{"hand-not-presigned", "none", "path", kTom, kNone, false, {"not-presigned"}}),
    [](const testing::TestParamInfo<Row>& info) {
      std::string name = std::to_string(info.index) + "_" + info.param.name;
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });
// clang-format on

}  // namespace
}  // namespace s3sandbox::explain
