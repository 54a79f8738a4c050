// AppHarness: drives app::Application directly, without sockets: a request (method, target,
// headers, body bytes) in, the Response out, as the http layer would exchange them. The backend
// is the real one (SQLite index + data files) in a fresh temporary directory without fsync, so a
// handler test has S3's semantics and runs in milliseconds. Authentication is off by default
// (requests are anonymous and let through), since handler tests are not about signatures; the
// auth module has its own tests and the e2e tests sign with real clients.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "s3sandbox/app/application.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/storage/sqlite_backend.hpp"

namespace s3sandbox::app::testing {

struct Reply {
  int status = 0;
  std::vector<core::Header> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const {
    for (const core::Header& h : headers) {
      if (core::iequals(h.name, name)) return h.value;
    }
    return std::nullopt;
  }
  // The <Code> of an S3 error document, "" when the body is none.
  std::string error_code() const {
    auto open = body.find("<Code>");
    auto close = body.find("</Code>");
    if (open == std::string::npos || close == std::string::npos) return "";
    return body.substr(open + 6, close - open - 6);
  }
};

// The base64 Content-MD5 of a body, as SDKs send it.
inline core::Header content_md5(std::string_view body) {
  return {"Content-MD5", crypto::base64_encode(crypto::md5(body))};
}

class AppHarness {
 public:
  explicit AppHarness(AppOptions options = {}, auth::AuthMode mode = auth::AuthMode::kOff)
      : dir_(fresh_dir()) {
    storage::SqliteOptions storage_options;
    storage_options.data_dir = dir_;
    storage_options.fsync = false;
    auto opened = storage::open_sqlite_backend(storage_options, clock_);
    if (!opened) throw std::runtime_error("open_sqlite_backend failed");
    backend_ = std::move(*opened);
    auth::AuthOptions auth_options;
    auth_options.mode = mode;
    auth_ = std::make_unique<auth::Authenticator>(std::move(auth_options), clock_);
    app_ = std::make_unique<Application>(std::move(options), *backend_, *auth_, clock_);
  }
  ~AppHarness() {
    app_.reset();
    backend_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  AppHarness(const AppHarness&) = delete;
  AppHarness& operator=(const AppHarness&) = delete;

  // `target` is the raw request-target ("/b/k?tagging"); the body is streamed to the handler in
  // pieces of at most `piece` bytes, as the http layer does.
  Reply send(std::string method, std::string target, std::string body = {},
             std::vector<core::Header> headers = {}, std::size_t piece = 64 * 1024) {
    core::RequestView request;
    request.method = std::move(method);
    request.target = target;
    auto q = target.find('?');
    request.path = target.substr(0, q);
    request.query = q == std::string::npos ? "" : target.substr(q + 1);
    request.headers.push_back({"Host", "localhost:9000"});
    for (core::Header& h : headers) request.headers.push_back(std::move(h));
    if (!body.empty() || request.method == "PUT" || request.method == "POST") {
      request.content_length = body.size();
    }
    request.remote_address = "127.0.0.1:1";
    core::StartResult started = app_->start(request);
    core::Response response;
    if (started.response) {
      response = std::move(*started.response);
    } else {
      std::optional<core::Response> early;
      for (std::size_t at = 0; at < body.size() && !early; at += piece) {
        early = started.consumer->on_body(
            std::span<const char>(body).subspan(at, std::min(piece, body.size() - at)));
      }
      response = early ? std::move(*early) : started.consumer->on_end();
      started.consumer.reset();
    }
    return to_reply(std::move(response));
  }

  Reply put(const std::string& target, std::string body = {},
            std::vector<core::Header> headers = {}) {
    return send("PUT", target, std::move(body), std::move(headers));
  }
  Reply get(const std::string& target, std::vector<core::Header> headers = {}) {
    return send("GET", target, {}, std::move(headers));
  }

  storage::Backend& backend() { return *backend_; }
  Application& application() { return *app_; }
  core::SystemClock& clock() { return clock_; }

 private:
  static std::filesystem::path fresh_dir() {
    static std::atomic<int> counter{0};
    auto dir =
        std::filesystem::temp_directory_path() /
        ("s3sandbox-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
  }

  static Reply to_reply(core::Response response) {
    Reply reply;
    reply.status = response.status;
    reply.headers = std::move(response.headers);
    if (response.file) {
      reply.body.resize(response.file->length);
      std::size_t done = 0;
      while (done < reply.body.size()) {
        ssize_t n =
            ::pread(response.file->fd.get(), reply.body.data() + done, reply.body.size() - done,
                    static_cast<off_t>(response.file->offset + done));
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      reply.body.resize(done);
    } else {
      reply.body = std::move(response.body);
    }
    return reply;
  }

  std::filesystem::path dir_;
  core::SystemClock clock_;
  std::unique_ptr<storage::Backend> backend_;
  std::unique_ptr<auth::Authenticator> auth_;
  std::unique_ptr<Application> app_;
};

}  // namespace s3sandbox::app::testing
