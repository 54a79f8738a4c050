// Corpus test over the AWS SigV4 signing test suite (aws-c-auth, tests/data/sigv4): for every
// case, header and query forms, the canonical request, string to sign and signature computed
// from the signed request must equal the suite's. Cases flagged normalize=true use the
// normalizing canonical URI (other services); S3 uses normalize=false.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/sigv4_material.hpp"
#include "auth/sigv4_parse.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "test_signer.hpp"

namespace s3sandbox::auth {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path kSuite = fs::path(S3SANDBOX_TEST_DATA) / "sigv4";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct RawRequest {
  std::string method, path, query, body;
  std::vector<core::Header> headers;
};

// "METHOD target HTTP/1.1", "Name:value" lines (continuation lines folded into the previous
// value), a blank line, then the body.
RawRequest parse_request(const std::string& text) {
  RawRequest r;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  auto sp = line.find(' ');
  auto http = line.rfind(" HTTP/");
  r.method = line.substr(0, sp);
  std::string target = line.substr(sp + 1, http - sp - 1);
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  while (std::getline(in, line)) {
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !r.headers.empty()) {
      r.headers.back().value += "\n" + line;
      continue;
    }
    auto colon = line.find(':');
    r.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  std::stringstream rest;
  rest << in.rdbuf();
  r.body = rest.str();
  return r;
}

std::string header(const RawRequest& r, std::string_view name) {
  for (const auto& h : r.headers) {
    if (core::iequals(h.name, name)) return h.value;
  }
  return {};
}

struct Case {
  std::string name;
  json::object context;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const auto& entry : fs::directory_iterator(kSuite)) {
    if (!entry.is_directory()) continue;
    out.push_back({entry.path().filename().string(),
                   json::parse(slurp(entry.path() / "context.json")).as_object()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

std::string str(const json::object& o, std::string_view key) {
  return std::string(o.at(key).as_string());
}

class SigV4SuiteTest : public ::testing::TestWithParam<Case> {
 protected:
  fs::path dir() const { return kSuite / GetParam().name; }
  bool normalize() const { return GetParam().context.at("normalize").as_bool(); }
  std::string uri(const std::string& path) const {
    return normalize() ? normalized_canonical_uri(path) : canonical_uri(path);
  }
  std::string key(std::string_view date) const {
    const auto& creds = GetParam().context.at("credentials").as_object();
    const auto& c = GetParam().context;
    return derive_signing_key(str(creds, "secret_access_key"), date, str(c, "region"),
                              str(c, "service"));
  }
  void expect(const std::string& form, const SigV4Computation& got) const {
    EXPECT_EQ(got.canonical_request, slurp(dir() / (form + "-canonical-request.txt")));
    EXPECT_EQ(got.string_to_sign, slurp(dir() / (form + "-string-to-sign.txt")));
    EXPECT_EQ(got.signature, slurp(dir() / (form + "-signature.txt")));
  }
  // The check every request runs (per-thread buffers) accepts the suite's signature, in either
  // case, and refuses it with one digit changed or one missing.
  void expect_fast_check(const std::string& form, const SigV4Material& m,
                         const std::string& signing_key) const {
    const SigV4Inputs in = m.inputs();
    const std::string expected = slurp(dir() / (form + "-signature.txt"));
    EXPECT_TRUE(sigv4_signature_matches(in, signing_key, expected));
    std::string upper = expected;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(sigv4_signature_matches(in, signing_key, upper));
    std::string wrong = expected;
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    EXPECT_FALSE(sigv4_signature_matches(in, signing_key, wrong));
    EXPECT_FALSE(sigv4_signature_matches(in, signing_key, expected.substr(1)));
  }
};

TEST_P(SigV4SuiteTest, HeaderFormMatchesEveryStep) {
  RawRequest r = parse_request(slurp(dir() / "header-signed-request.txt"));
  auto auth = parse_authorization_v4(header(r, "authorization"));
  ASSERT_TRUE(auth) << auth.error().message;
  std::erase_if(r.headers,
                [](const core::Header& h) { return core::iequals(h.name, "authorization"); });
  const SigV4Credential& c = auth->credential;
  SigV4Material m{r.method,
                  uri(r.path),
                  testing::canonical_query_of(r.query, false),
                  r.headers,
                  auth->signed_headers,
                  crypto::sha256_hex(r.body),
                  header(r, "x-amz-date"),
                  credential_scope(c.date, c.region, c.service)};
  SigV4Computation got = compute_sigv4(m, key(c.date));
  expect("header", got);
  expect_fast_check("header", m, key(c.date));
  EXPECT_EQ(got.signature, auth->signature);
}

TEST_P(SigV4SuiteTest, QueryFormMatchesEveryStep) {
  RawRequest r = parse_request(slurp(dir() / "query-signed-request.txt"));
  const core::ParsedQuery parsed = *core::parse_query(r.query);
  const std::vector<core::QueryParam>& params = parsed.params;
  std::string query = r.query;
  if (GetParam().context.contains("omit_session_token") &&
      GetParam().context.at("omit_session_token").as_bool()) {
    // The suite adds the token after signing; it is not part of the signature.
    auto pos = query.find("&X-Amz-Security-Token=");
    auto end = query.find('&', pos + 1);
    query.erase(pos, end - pos);
  }
  auto p = parse_presigned_v4(params);
  ASSERT_TRUE(p) << p.error().message;
  const SigV4Credential& c = p->credential;
  SigV4Material m{r.method,
                  uri(r.path),
                  testing::canonical_query_of(query, true),
                  r.headers,
                  p->signed_headers,
                  crypto::sha256_hex(r.body),
                  p->amz_date,
                  credential_scope(c.date, c.region, c.service)};
  SigV4Computation got = compute_sigv4(m, key(c.date));
  expect("query", got);
  expect_fast_check("query", m, key(c.date));
  EXPECT_EQ(got.signature, p->signature);
}

INSTANTIATE_TEST_SUITE_P(AwsSigningSuite, SigV4SuiteTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string n = info.param.name;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(SigV4SuiteCorpus, HasEveryCase) { EXPECT_EQ(cases().size(), 38u); }

}  // namespace
}  // namespace s3sandbox::auth
