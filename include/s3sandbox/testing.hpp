// GoogleTest helpers for testing code that talks to S3 against an in-process s3sandbox.
// Header-only; include it from a test linked with s3sandbox::server and GoogleTest.
//
//   class UploadTest : public s3sandbox::testing::SandboxTest {};   // one sandbox per suite
//   TEST_F(UploadTest, StoresTheObject) {
//     const auto& s3 = endpoint();  // url, host, port, access_key, secret_key, region
//     MyUploader uploader(s3.url, s3.access_key, s3.secret_key, s3.region);
//     ...
//   }
//
// or one sandbox for the whole test program, with GoogleTest's own main:
//
//   static auto* const sandbox =
//       ::testing::AddGlobalTestEnvironment(new s3sandbox::testing::SandboxEnvironment());
//
// The sandbox listens on 127.0.0.1 on a free port, keeps its data in a temporary directory that
// is removed when it stops, and accepts the default key pair (access key "s3sandbox", secret
// "s3sandbox-secret", region "us-east-1") unless the ServerConfig says otherwise. Requests are
// checked as S3 checks them: a client must sign (SigV4 or SigV2) or presign. For tests that have
// no S3 client of their own, sign_request() returns the headers of a SigV4 header-signed request
// and presign_url() a presigned URL, computed with the sandbox's own canonicalization code.
// Thread safety: a Sandbox as an s3sandbox::Server; the signing functions are reentrant.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/auth/credentials.hpp"
#include "s3sandbox/auth/sigv4_canonical.hpp"
#include "s3sandbox/core/query.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/core/uri.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/server.hpp"

namespace s3sandbox::testing {

// What a client needs to reach a running sandbox.
struct Endpoint {
  std::string url;      // "http://127.0.0.1:41234": the endpoint URL of an S3 client
  std::string host;     // "127.0.0.1:41234": the Host header requests are signed for
  std::string address;  // "127.0.0.1"
  std::uint16_t port = 0;
  std::string access_key;
  std::string secret_key;
  std::string region;
};

// A ServerConfig for tests: 127.0.0.1, a free port, ephemeral data without fsync, and only
// warnings and errors on stderr (no access log line per request; set log_level to
// core::LogLevel::kInfo to see them).
inline ServerConfig test_config() {
  ServerConfig config;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.ephemeral = true;
  config.fsync = false;
  config.log_level = core::LogLevel::kWarn;
  return config;
}

// The endpoint of a started server: its first configured key pair, or the default one.
inline Endpoint endpoint_of(const Server& server) {
  const ServerConfig& config = server.config();
  Endpoint e;
  e.url = server.endpoint();
  e.host = e.url.substr(e.url.find("://") + 3);
  e.address = server.host();
  e.port = server.port();
  if (config.credentials.empty()) {
    e.access_key = std::string(auth::kDefaultAccessKey);
    e.secret_key = std::string(auth::kDefaultSecretKey);
  } else {
    e.access_key = config.credentials.front().access_key;
    e.secret_key = config.credentials.front().secret_key;
  }
  // "*" accepts any region; clients still have to name one.
  e.region = config.region == "*" ? "us-east-1" : config.region;
  return e;
}

// A started sandbox, stopped (and its data removed) when destroyed. Throws std::runtime_error
// when it cannot start.
class Sandbox {
 public:
  explicit Sandbox(ServerConfig config = test_config()) : server_(std::move(config)) {
    server_.start();
    endpoint_ = endpoint_of(server_);
  }

  const Endpoint& endpoint() const { return endpoint_; }
  // Clock control (set_clock_offset: test expiry without sleeping), data_dir(), ...
  Server& server() { return server_; }

 private:
  Server server_;
  Endpoint endpoint_;
};

// A GoogleTest fixture with one sandbox per test suite (started in SetUpTestSuite, stopped in
// TearDownTestSuite), so a suite's tests share buckets and suites do not. To configure it, give
// a class with `static ServerConfig config()`:
//   struct TwoKeys { static ServerConfig config() { auto c = test_config(); ...; return c; } };
//   class MyTest : public s3sandbox::testing::BasicSandboxTest<TwoKeys> {};
template <typename Config>
class BasicSandboxTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() { sandbox_ = std::make_unique<Sandbox>(Config::config()); }
  static void TearDownTestSuite() { sandbox_.reset(); }

 protected:
  static Sandbox& sandbox() { return *sandbox_; }
  static const Endpoint& endpoint() { return sandbox_->endpoint(); }

 private:
  static inline std::unique_ptr<Sandbox> sandbox_;
};

struct DefaultSandboxConfig {
  static ServerConfig config() { return test_config(); }
};
using SandboxTest = BasicSandboxTest<DefaultSandboxConfig>;

// One sandbox for the whole test program (see the top of this file). endpoint() is valid
// between GoogleTest's calls of SetUp and TearDown, i.e. inside every test.
class SandboxEnvironment : public ::testing::Environment {
 public:
  explicit SandboxEnvironment(ServerConfig config = test_config()) : config_(std::move(config)) {}

  void SetUp() override {
    sandbox_ = std::make_unique<Sandbox>(config_);
    current() = sandbox_.get();
  }
  void TearDown() override {
    current() = nullptr;
    sandbox_.reset();
  }

  // The running program-wide sandbox; throws std::logic_error (failing the calling test) when
  // there is none.
  static Sandbox& sandbox() {
    if (current() == nullptr) {
      throw std::logic_error(
          "no SandboxEnvironment is running: register one with "
          "::testing::AddGlobalTestEnvironment");
    }
    return *current();
  }
  static const Endpoint& endpoint() { return sandbox().endpoint(); }

 private:
  static Sandbox*& current() {
    static Sandbox* running = nullptr;
    return running;
  }
  ServerConfig config_;
  std::unique_ptr<Sandbox> sandbox_;
};

// One S3 request to sign. `path` and `query` are as sent on the wire, percent-encoded
// ("/bucket/my%20key", "list-type=2&prefix=a%2F"); `headers` are extra headers to sign and send
// (e.g. Content-Type); the SHA-256 of `payload` is signed unless `unsigned_payload`.
// E.g. sign_request(endpoint, {"PUT", "/bucket/key", body}).
struct RequestToSign {
  RequestToSign() = default;
  RequestToSign(std::string method_, std::string path_, std::string_view payload_ = {})
      : method(std::move(method_)), path(std::move(path_)), payload(payload_) {}

  std::string method = "GET";
  std::string path = "/";
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view payload;
  bool unsigned_payload = false;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// The SigV4 signature (lower-case hex) of a request, through the library's one canonical-request
// builder. `raw_query` as it will be sent (percent-encoded); `headers` lower-case names.
inline std::string sigv4_signature(const Endpoint& endpoint, std::string_view method,
                                   std::string_view path, std::string_view raw_query,
                                   bool exclude_signature, const std::vector<core::Header>& headers,
                                   const std::vector<std::string>& signed_names,
                                   std::string_view payload_hash, const std::string& amz_date) {
  const std::string date = amz_date.substr(0, 8);
  auto parsed = core::parse_query(raw_query);
  std::vector<core::QueryParam> params;
  if (parsed) params = parsed->params;  // views into parsed->text, alive in this scope
  const std::string uri = auth::canonical_uri(path);
  const std::string query = auth::canonical_query(params, exclude_signature);
  const std::string scope = auth::credential_scope(date, endpoint.region, "s3");
  std::string canonical;
  std::string to_sign;
  auth::build_sigv4_string_to_sign(
      {method, uri, query, headers, signed_names, payload_hash, amz_date, scope}, canonical,
      to_sign);
  return auth::sign_hex(auth::derive_signing_key(endpoint.secret_key, date, endpoint.region, "s3"),
                        to_sign);
}

// The headers of the SigV4 header-signed request (AWS4-HMAC-SHA256, service s3): Host,
// x-amz-date, x-amz-content-sha256, the request's own headers, and Authorization. Send them all,
// unchanged. `now` is the client's clock.
inline HeaderList sign_request(
    const Endpoint& endpoint, const RequestToSign& request,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
  const std::string amz_date = core::format_amz_date(now);
  const std::string date = amz_date.substr(0, 8);
  const std::string payload_hash = request.unsigned_payload ? std::string(auth::kUnsignedPayload)
                                                            : crypto::sha256_hex(request.payload);
  HeaderList sent = {
      {"host", endpoint.host}, {"x-amz-content-sha256", payload_hash}, {"x-amz-date", amz_date}};
  for (const auto& [name, value] : request.headers) sent.emplace_back(name, value);

  std::vector<core::Header> as_headers;
  std::vector<std::string> signed_names;
  for (const auto& [name, value] : sent) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    as_headers.push_back({lower, value});
    signed_names.push_back(lower);
  }
  std::sort(signed_names.begin(), signed_names.end());
  signed_names.erase(std::unique(signed_names.begin(), signed_names.end()), signed_names.end());

  const std::string signed_headers = auth::join_signed_headers(signed_names);
  const std::string scope = auth::credential_scope(date, endpoint.region, "s3");
  const std::string signature =
      sigv4_signature(endpoint, request.method, request.path, request.query, false, as_headers,
                      signed_names, payload_hash, amz_date);
  sent.emplace_back("authorization", std::string(auth::kSigV4Algorithm) +
                                         " Credential=" + endpoint.access_key + "/" + scope +
                                         ", SignedHeaders=" + signed_headers +
                                         ", Signature=" + signature);
  return sent;
}

// A SigV4 presigned URL (query-signed, only the host header signed, UNSIGNED-PAYLOAD) for
// `method` on `path` (percent-encoded, "/bucket/key"), valid for `expires` from `now`.
inline std::string presign_url(
    const Endpoint& endpoint, std::string_view method, std::string_view path,
    std::chrono::seconds expires,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
  const std::string amz_date = core::format_amz_date(now);
  const std::string date = amz_date.substr(0, 8);
  const std::string scope = auth::credential_scope(date, endpoint.region, "s3");
  const std::string query =
      "X-Amz-Algorithm=" + std::string(auth::kSigV4Algorithm) +
      "&X-Amz-Credential=" + core::uri_encode(endpoint.access_key + "/" + scope) +
      "&X-Amz-Date=" + amz_date + "&X-Amz-Expires=" + std::to_string(expires.count()) +
      "&X-Amz-SignedHeaders=host";
  const std::string signature =
      sigv4_signature(endpoint, method, path, query, false, {{"host", endpoint.host}}, {"host"},
                      auth::kUnsignedPayload, amz_date);
  return endpoint.url + std::string(path) + "?" + query + "&X-Amz-Signature=" + signature;
}

}  // namespace s3sandbox::testing
