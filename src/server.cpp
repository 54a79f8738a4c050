// Composition of the whole sandbox: clock, storage (persistent or a temp dir), fixtures, the
// authenticator, the S3 application, the sandbox API and the HTTP server.
#include "s3sandbox/server.hpp"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

#include "s3sandbox/app/application.hpp"
#include "s3sandbox/control/clock_api.hpp"
#include "s3sandbox/control/notify_api.hpp"
#include "s3sandbox/control/sandbox_api.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/http/server.hpp"
#include "s3sandbox/notify/notifier.hpp"
#include "s3sandbox/storage/fixtures.hpp"
#include "s3sandbox/storage/sqlite_backend.hpp"

namespace s3sandbox {
namespace {

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "s3sandbox-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary data directory under " +
                             std::filesystem::temp_directory_path().string());
  }
  return pattern;
}

auth::AuthOptions auth_options(const ServerConfig& cfg) {
  auth::AuthOptions o;
  for (const auth::Credential& c : cfg.credentials) o.credentials.add(c);
  if (o.credentials.empty()) {
    o.credentials.add({std::string(auth::kDefaultAccessKey), std::string(auth::kDefaultSecretKey)});
  }
  o.any_region = cfg.region == "*";
  o.region = o.any_region ? "us-east-1" : cfg.region;
  o.mode = cfg.auth_mode;
  o.host_aliases = cfg.host_aliases;
  return o;
}

}  // namespace

struct Server::Impl {
  ServerConfig config;
  core::SystemClock clock;
  std::string data_dir;
  bool remove_data_dir = false;
  std::unique_ptr<storage::Backend> backend;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<notify::Notifier> notifier;
  std::unique_ptr<app::Application> application;
  std::unique_ptr<control::SandboxApiImpl> sandbox;
  std::unique_ptr<http::Server> http;
  bool running = false;

  explicit Impl(ServerConfig c) : config(std::move(c)), clock(config.clock_offset) {}

  void cleanup_data_dir() {
    if (remove_data_dir && !data_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(data_dir, ec);
      remove_data_dir = false;
    }
  }
};

Server::Server(ServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Server::~Server() { stop(); }

void Server::start() {
  Impl& s = *impl_;
  if (s.running) return;
  // The log is process-wide (core/log.hpp): the last server started decides its level.
  core::set_log_level(s.config.log_level);
  if (s.config.ephemeral || s.config.data_dir.empty()) {
    s.data_dir = make_temp_dir();
    s.remove_data_dir = true;
  } else {
    s.data_dir = s.config.data_dir;
  }

  // Ephemeral data is removed at stop and survives no crash anyway: syncing it only costs time.
  const bool fsync = s.config.fsync && !s.config.ephemeral;
  auto backend = storage::open_sqlite_backend({s.data_dir, fsync}, s.clock);
  if (!backend) {
    s.cleanup_data_dir();
    throw std::runtime_error(
        "cannot open the data directory " + s.data_dir + ": " +
        std::string(backend.error().effective_message()) +
        (backend.error().diagnosis.empty() ? "" : " (" + backend.error().diagnosis + ")"));
  }
  s.backend = std::move(*backend);

  if (!s.config.fixtures_dir.empty()) {
    auto imported = storage::import_fixtures(*s.backend, s.config.fixtures_dir);
    if (!imported) {
      s.cleanup_data_dir();
      throw std::runtime_error("cannot import fixtures from " + s.config.fixtures_dir + ": " +
                               imported.error().diagnosis);
    }
    core::log_info("imported " + std::to_string(*imported) + " fixture objects from " +
                   s.config.fixtures_dir);
  }

  s.notifier = std::make_unique<notify::Notifier>();
  for (const auto& [arn, url] : s.config.notify_targets) {
    if (auto why = s.notifier->set_target(arn, url)) {
      s.notifier.reset();
      s.backend.reset();
      s.cleanup_data_dir();
      throw std::runtime_error("--notify-target " + arn + "=" + url + ": " + *why);
    }
  }
  s.authenticator = std::make_unique<auth::Authenticator>(auth_options(s.config), s.clock);
  app::AppOptions app_options;
  app_options.region = s.config.region == "*" ? "us-east-1" : s.config.region;
  app_options.virtual_host_domains = s.config.domains;
  app_options.access_log = s.config.access_log;
  app_options.min_part_size = s.config.min_part_size;
  app_options.cors = s.config.cors;
  s.application =
      std::make_unique<app::Application>(app_options, *s.backend, *s.authenticator, s.clock);
  s.sandbox = std::make_unique<control::SandboxApiImpl>(
      control::SandboxInfo{S3SANDBOX_VERSION, s.data_dir, s.remove_data_dir, s.config.region},
      s.config.control);
  control::add_clock_routes(s.sandbox->routes(), s.clock);
  control::add_notify_routes(s.sandbox->routes(), *s.notifier);
  s.application->set_event_sink(s.notifier.get());
  s.application->set_sandbox_api(s.sandbox.get());

  http::ServerOptions http_options;
  http_options.host = s.config.listen_host;
  http_options.port = s.config.listen_port;
  http_options.threads = s.config.threads;
  http_options.pin_threads = s.config.pin_threads;
  s.http = std::make_unique<http::Server>(http_options, *s.application);
  if (std::error_code ec = s.http->start()) {
    s.http.reset();
    s.cleanup_data_dir();
    throw std::runtime_error("cannot listen on " + s.config.listen_host + ":" +
                             std::to_string(s.config.listen_port) + ": " + ec.message());
  }
  s.running = true;
}

void Server::stop() {
  Impl& s = *impl_;
  if (s.http) s.http->stop();
  s.http.reset();
  s.application.reset();
  s.sandbox.reset();
  s.notifier.reset();  // after the application, which reports to it
  s.authenticator.reset();
  s.backend.reset();
  s.cleanup_data_dir();
  s.running = false;
}

std::uint16_t Server::port() const { return impl_->http ? impl_->http->port() : 0; }
std::string Server::host() const { return impl_->config.listen_host; }
std::string Server::endpoint() const {
  std::string h = host();
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "http://" + h + ":" + std::to_string(port());
}
const ServerConfig& Server::config() const { return impl_->config; }
std::string Server::data_dir() const { return impl_->data_dir; }
void Server::set_clock_offset(std::chrono::seconds offset) { impl_->clock.set_offset(offset); }
std::chrono::seconds Server::clock_offset() const { return impl_->clock.offset(); }

namespace {
notify::Notifier& started_notifier(const std::unique_ptr<notify::Notifier>& n) {
  if (!n) throw std::logic_error("s3sandbox::Server: start() the server first");
  return *n;
}
}  // namespace

void Server::set_notify_target(const std::string& arn, const std::string& url) {
  if (auto why = started_notifier(impl_->notifier).set_target(arn, url)) {
    throw std::invalid_argument(*why);
  }
}
bool Server::remove_notify_target(const std::string& arn) {
  return started_notifier(impl_->notifier).remove_target(arn);
}
std::vector<notify::EventRecord> Server::events(const notify::EventFilter& filter) const {
  return started_notifier(impl_->notifier).events().list(filter);
}
void Server::clear_events() { started_notifier(impl_->notifier).events().clear(); }

}  // namespace s3sandbox
