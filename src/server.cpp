// Composition of the whole sandbox: clock, storage (persistent or a temp dir), fixtures, the
// authenticator, the S3 application, the sandbox API and the HTTP server.
#include "s3sandbox/server.hpp"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "s3sandbox/app/application.hpp"
#include "s3sandbox/app/lifecycle_evaluator.hpp"
#include "s3sandbox/control/clean_api.hpp"
#include "s3sandbox/control/clock_api.hpp"
#include "s3sandbox/control/console_api.hpp"
#include "s3sandbox/control/explain_api.hpp"
#include "s3sandbox/control/faults_api.hpp"
#include "s3sandbox/control/journal_api.hpp"
#include "s3sandbox/control/notify_api.hpp"
#include "s3sandbox/control/presign_api.hpp"
#include "s3sandbox/control/sandbox_api.hpp"
#include "s3sandbox/control/state_api.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/crypto/local_ca.hpp"
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

// A start-up failure in words: the diagnosis when there is one (it says what failed on what),
// else the error's message.
std::string plain_words(const core::S3Error& e) {
  return e.diagnosis.empty() ? std::string(e.effective_message()) : e.diagnosis;
}

// The explainer checks URLs in the server's setting: its domains, keys, region and aliases.
explain::ExplainOptions explain_setting(const ServerConfig& cfg) {
  auth::AuthOptions auth = auth_options(cfg);
  explain::ExplainOptions o;
  o.domains = cfg.domains;
  o.credentials = auth.credentials;
  o.region = auth.any_region ? "" : auth.region;
  o.host_aliases = cfg.host_aliases;
  return o;
}

// Imports the fixtures at start, as config.fixtures_mode says. `once` records the import in
// <data dir>/fixtures-imported (the fixtures dir's path): a data dir that has had these fixtures
// keeps what S3 requests made of them since.
void import_fixtures_at_start(const ServerConfig& cfg, const std::string& data_dir,
                              storage::Backend& backend) {
  namespace fs = std::filesystem;
  const fs::path marker = fs::path(data_dir) / "fixtures-imported";
  std::error_code ec;
  const std::string source = fs::absolute(cfg.fixtures_dir, ec).lexically_normal().string();
  if (cfg.fixtures_mode == config::FixturesMode::kOnce) {
    std::ifstream in(marker);
    std::string recorded;
    std::getline(in, recorded);
    if (recorded == source) {
      core::log_info("fixtures from " + cfg.fixtures_dir +
                     " were imported into this data dir before; not again (--fixtures-mode "
                     "always re-imports them at every start)");
      return;
    }
  }
  auto imported = storage::import_fixtures(backend, cfg.fixtures_dir);
  if (!imported) {
    throw std::runtime_error("cannot import fixtures from " + cfg.fixtures_dir + ": " +
                             plain_words(imported.error()));
  }
  core::log_info("imported " + std::to_string(*imported) + " fixture objects from " +
                 cfg.fixtures_dir);
  std::ofstream out(marker, std::ios::trunc);
  out << source << "\n";
}

// The names the --tls auto certificate covers: the loopback names and addresses, every
// virtual-host domain with its wildcard (BUCKET.DOMAIN), the hosts of --host-alias, and the
// listen addresses when they are specific ones.
std::vector<std::string> tls_names(const ServerConfig& cfg) {
  std::vector<std::string> names = {"localhost", "*.localhost", "127.0.0.1", "::1"};
  for (const std::string& d : cfg.domains) {
    names.push_back(d);
    names.push_back("*." + d);
  }
  for (const std::string& alias : cfg.host_aliases) {
    std::string host = alias;
    if (host.starts_with('[')) {
      host = host.substr(1, host.find(']') - 1);
    } else if (std::count(host.begin(), host.end(), ':') == 1) {
      host = host.substr(0, host.find(':'));
    }
    if (!host.empty()) names.push_back(host);
  }
  for (const std::string& host : {cfg.listen_host, cfg.tls_listen_host}) {
    if (!host.empty() && host != "0.0.0.0" && host != "::") names.push_back(host);
  }
  return names;
}

// The HTTPS listener of config.tls(): the certificate and key given, or those of --tls auto,
// made (once) in <data dir>/tls. Sets `ca` to the CA clients should trust (auto only).
http::TlsOptions tls_options(const ServerConfig& cfg, const std::string& data_dir,
                             std::string& ca) {
  http::TlsOptions tls;
  tls.host = cfg.tls_listen_host.empty() ? cfg.listen_host : cfg.tls_listen_host;
  tls.port = cfg.tls_listen_port.value_or(
      cfg.listen_port == 0 ? 0 : static_cast<std::uint16_t>(cfg.listen_port + 1));
  if (!cfg.tls_auto) {
    tls.cert_file = cfg.tls_cert;
    tls.key_file = cfg.tls_key;
    return tls;
  }
  const std::string dir = (std::filesystem::path(data_dir) / "tls").string();
  crypto::LocalTlsOutcome made =
      crypto::ensure_local_tls(dir, tls_names(cfg), std::chrono::system_clock::now());
  if (!made.files) throw std::runtime_error("--tls auto: " + made.error);
  if (made.files->made_ca) {
    core::log_info("tls: made a local CA, " + made.files->ca_cert +
                   ": trust it once (boto3 verify=, aws --ca-bundle, curl --cacert)");
  }
  if (made.files->made_cert) core::log_info("tls: made the certificate " + made.files->cert);
  tls.cert_file = made.files->cert;
  tls.key_file = made.files->key;
  ca = made.files->ca_cert;
  return tls;
}

// A control failure as the exception the C++ API throws.
[[noreturn]] void throw_error(const core::S3Error& e) {
  throw std::runtime_error(std::string(e.effective_message()) +
                           (e.diagnosis.empty() ? "" : ": " + e.diagnosis));
}

template <typename T>
T value_or_throw(core::Result<T> r) {
  if (!r) throw_error(r.error());
  return std::move(*r);
}

}  // namespace

struct Server::Impl {
  ServerConfig config;
  core::SystemClock clock;
  app::FaultInjector faults;
  bool config_faults_added = false;  // --fault rules, added at the first start()
  std::string data_dir;
  bool remove_data_dir = false;
  std::unique_ptr<storage::Backend> backend;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<notify::Notifier> notifier;
  std::unique_ptr<app::Application> application;
  std::unique_ptr<app::LifecycleEvaluator> lifecycle;  // runs buckets' lifecycle rules
  std::unique_ptr<control::SandboxApiImpl> sandbox;
  std::optional<control::StateControl> state;
  std::unique_ptr<control::Journal> journal;  // null when --journal-size 0
  std::unique_ptr<http::Server> http;
  std::string tls_ca;  // --tls auto's CA certificate
  bool running = false;

  explicit Impl(ServerConfig c) : config(std::move(c)), clock(config.clock_offset) {
    if (config.clock_freeze) clock.freeze(*config.clock_freeze);
  }

  const control::StateControl& started_state() const {
    if (!state) throw std::runtime_error("the server is not started");
    return *state;
  }

  // What POST /_sandbox/clean and Server::clean reset, once started.
  control::CleanControl clean_control() {
    return control::CleanControl{
        started_state(),
        clock,
        [lifecycle = lifecycle.get()](boost::json::object& answer) {
          const app::LifecycleReport r = lifecycle->run_all();
          answer["lifecycle"] = boost::json::object{
              {"buckets", r.buckets}, {"expired", r.expired}, {"aborted", r.aborted}};
        },
        faults,
        journal.get(),
        notifier->events()};
  }

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
  // Before anything is opened: a --notify-target it cannot deliver to stops here.
  auto notifier = std::make_unique<notify::Notifier>();
  for (const auto& [arn, url] : s.config.notify_targets) {
    if (auto why = notifier->set_target(arn, url)) {
      throw std::runtime_error("--notify-target " + arn + "=" + url + ": " + *why);
    }
  }
  s.notifier = std::move(notifier);
  if (s.config.journal_size > 0) {  // first: a journal file that cannot be opened stops here
    auto journal = std::make_unique<control::Journal>(s.config.journal_size);
    std::string error;
    if (!s.config.journal_file.empty() && !journal->open_file(s.config.journal_file, error)) {
      throw std::runtime_error(error);
    }
    s.journal = std::move(journal);
  }
  if (!s.config_faults_added) {
    std::vector<app::FaultRule> rules;
    for (const std::string& spec : s.config.faults) {
      auto rule = app::parse_fault_rule(spec);
      if (!rule) {
        throw std::runtime_error("--fault '" + spec +
                                 "': " + std::string(rule.error().effective_message()));
      }
      rules.push_back(std::move(*rule));
    }
    for (app::FaultRule& rule : rules) s.faults.add(std::move(rule));
    s.config_faults_added = true;
  }
  if (auto why = config::check_tls(s.config)) throw std::runtime_error(*why);
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
    throw std::runtime_error("cannot use the data directory " + s.data_dir + ": " +
                             plain_words(backend.error()));
  }
  s.backend = std::move(*backend);

  if (!s.config.fixtures_dir.empty()) {
    try {
      import_fixtures_at_start(s.config, s.data_dir, *s.backend);
    } catch (...) {
      s.backend.reset();
      s.cleanup_data_dir();
      throw;
    }
  }
  // The SQLite backend is also the state store (reset, snapshots).
  auto* store = dynamic_cast<storage::StateStore*>(s.backend.get());
  if (store == nullptr) throw std::logic_error("the storage backend has no state controls");
  s.state.emplace(control::StateControl{*store, {}});
  if (!s.config.fixtures_dir.empty()) {
    s.state->import_fixtures = [backend = s.backend.get(),
                                dir = s.config.fixtures_dir](const std::string& bucket) {
      return bucket.empty() ? storage::import_fixtures(*backend, dir)
                            : storage::import_fixture_bucket(*backend, dir, bucket);
    };
  }

  std::optional<http::TlsOptions> tls;
  if (s.config.tls()) {
    try {
      tls = tls_options(s.config, s.data_dir, s.tls_ca);
    } catch (...) {
      s.backend.reset();
      s.cleanup_data_dir();
      throw;
    }
  }

  s.authenticator = std::make_unique<auth::Authenticator>(auth_options(s.config), s.clock);
  app::AppOptions app_options;
  app_options.region = s.config.region == "*" ? "us-east-1" : s.config.region;
  app_options.virtual_host_domains = s.config.domains;
  app_options.access_log = s.config.access_log;
  app_options.min_part_size = s.config.min_part_size;
  app_options.cors = s.config.cors;
  app_options.allow_ssec_over_http = s.config.allow_ssec_over_http;
  app_options.s3_messages = s.config.s3_messages;
  s.application =
      std::make_unique<app::Application>(app_options, *s.backend, *s.authenticator, s.clock);
  s.sandbox = std::make_unique<control::SandboxApiImpl>(
      control::SandboxInfo{S3SANDBOX_VERSION, s.data_dir, s.remove_data_dir, s.config.region,
                           &s.application->warnings(), s.config.tls(), s.tls_ca},
      s.config.control);
  s.lifecycle = std::make_unique<app::LifecycleEvaluator>(*s.backend, s.clock, app_options.region);
  if (s.journal) s.lifecycle->set_observer(s.journal.get());
  s.lifecycle->set_event_sink(s.notifier.get());
  s.application->set_lifecycle(s.lifecycle.get());
  // Moving the clock runs the lifecycle rules before the answer: a test sees their result next.
  control::add_clock_routes(
      s.sandbox->routes(), s.clock, [lifecycle = s.lifecycle.get()](boost::json::object& answer) {
        const app::LifecycleReport r = lifecycle->run_all();
        answer["lifecycle"] = boost::json::object{
            {"buckets", r.buckets}, {"expired", r.expired}, {"aborted", r.aborted}};
      });
  control::add_explain_routes(s.sandbox->routes(), explain_setting(s.config), s.clock);
  control::add_presign_routes(s.sandbox->routes(), auth_options(s.config).credentials,
                              app_options.region, s.clock);
  control::add_state_routes(s.sandbox->routes(), *s.state);
  if (s.journal) {
    control::add_journal_routes(s.sandbox->routes(), *s.journal);
    s.application->set_exchange_observer(s.journal.get());
  }
  control::add_fault_routes(s.sandbox->routes(), s.faults);
  control::add_notify_routes(s.sandbox->routes(), *s.notifier);
  control::add_clean_routes(s.sandbox->routes(), s.clean_control());  // the per-test clean
  control::add_console_routes(
      s.sandbox->routes(),
      {*s.backend, auth_options(s.config).credentials.all().front(), app_options.region, s.clock});
  s.application->set_event_sink(s.notifier.get());
  s.application->set_sandbox_api(s.sandbox.get());
  s.application->set_fault_injector(&s.faults);

  http::ServerOptions http_options;
  http_options.host = s.config.listen_host;
  http_options.port = s.config.listen_port;
  http_options.threads = s.config.threads;
  http_options.pin_threads = s.config.pin_threads;
  http_options.tls = tls;
  s.http = std::make_unique<http::Server>(http_options, *s.application);
  if (std::error_code ec = s.http->start()) {
    std::string why = s.http->tls_error();
    if (why.empty()) {
      why = "cannot listen on " + s.config.listen_host + ":" +
            std::to_string(s.config.listen_port) + ": " + ec.message();
    }
    s.http.reset();
    s.cleanup_data_dir();
    throw std::runtime_error(why);
  }
  s.lifecycle->start(std::chrono::seconds(2));  // rules whose time comes in real time
  s.running = true;
}

void Server::stop() {
  Impl& s = *impl_;
  if (s.lifecycle) s.lifecycle->stop();
  if (s.http) s.http->stop();
  s.http.reset();
  s.application.reset();
  s.lifecycle.reset();  // after the application, which runs it on reads
  s.sandbox.reset();
  s.journal.reset();
  s.notifier.reset();  // after the application, which reports to it
  s.authenticator.reset();
  s.state.reset();
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
std::uint16_t Server::tls_port() const { return impl_->http ? impl_->http->tls_port() : 0; }
std::string Server::tls_endpoint() const {
  if (tls_port() == 0) return {};
  const ServerConfig& cfg = impl_->config;
  std::string h = cfg.tls_listen_host.empty() ? cfg.listen_host : cfg.tls_listen_host;
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "https://" + h + ":" + std::to_string(tls_port());
}
std::string Server::tls_ca_path() const { return impl_->http ? impl_->tls_ca : std::string(); }
const ServerConfig& Server::config() const { return impl_->config; }
std::string Server::data_dir() const { return impl_->data_dir; }
std::vector<app::Warning> Server::warnings() const {
  return impl_->application ? impl_->application->warnings().list() : std::vector<app::Warning>{};
}
std::string Server::warning_summary() const {
  if (!impl_->application) return {};
  const app::WarningBook& book = impl_->application->warnings();
  return app::format_warning_summary(book.list(), book.dropped());
}
void Server::set_clock_offset(std::chrono::seconds offset) {
  impl_->clock.set_offset(offset);
  // Lifecycle rules run as after POST /_sandbox/clock: the next request sees their result.
  if (impl_->lifecycle) impl_->lifecycle->run_all();
}
std::chrono::seconds Server::clock_offset() const { return impl_->clock.offset(); }
void Server::freeze_clock() { impl_->clock.freeze_now(); }
void Server::freeze_clock(std::chrono::system_clock::time_point at) {
  impl_->clock.freeze(at);
  // Lifecycle rules run as after POST /_sandbox/clock: the next request sees their result.
  if (impl_->lifecycle) impl_->lifecycle->run_all();
}
void Server::advance_clock(std::chrono::seconds by) {
  impl_->clock.advance(by);
  // Lifecycle rules run as after POST /_sandbox/clock: the next request sees their result.
  if (impl_->lifecycle) impl_->lifecycle->run_all();
}
void Server::unfreeze_clock() { impl_->clock.unfreeze(); }
std::chrono::system_clock::time_point Server::clock_now() const { return impl_->clock.now(); }

std::size_t Server::reset(const std::string& bucket, bool reimport_fixtures) {
  return value_or_throw(control::reset_state(impl_->started_state(), bucket, reimport_fixtures))
      .fixtures_imported;
}
void Server::clean(const std::string& snapshot) {
  value_or_throw(control::clean_sandbox(impl_->clean_control(), {snapshot, false}));
}
storage::SnapshotInfo Server::save_snapshot(const std::string& name) {
  return value_or_throw(impl_->started_state().store.save_snapshot(name));
}
storage::SnapshotInfo Server::restore_snapshot(const std::string& name) {
  return value_or_throw(impl_->started_state().store.restore_snapshot(name));
}
std::vector<storage::SnapshotInfo> Server::list_snapshots() {
  return value_or_throw(impl_->started_state().store.list_snapshots());
}
void Server::delete_snapshot(const std::string& name) {
  if (auto r = impl_->started_state().store.delete_snapshot(name); !r) throw_error(r.error());
}

explain::Report Server::explain(const explain::ExplainInput& input) const {
  return explain(input, explain_options());
}
explain::Report Server::explain(const explain::ExplainInput& input,
                                const explain::ExplainOptions& options) const {
  return explain::explain(input, options, impl_->clock.now());
}
explain::ExplainOptions Server::explain_options() const { return explain_setting(impl_->config); }

namespace {

control::Journal& journal_of(const std::unique_ptr<control::Journal>& journal) {
  if (!journal) {
    throw std::logic_error(
        "the request journal is off: start the server with journal_size > 0 "
        "(--journal-size)");
  }
  return *journal;
}

}  // namespace

std::vector<control::JournalEntry> Server::requests(const control::JournalFilter& filter) const {
  return journal_of(impl_->journal).query(filter).entries;
}
std::vector<control::JournalEntry> Server::wait_for_request(const control::JournalFilter& filter,
                                                            std::chrono::milliseconds timeout) {
  return journal_of(impl_->journal).wait_for(filter, timeout).entries;
}
void Server::clear_requests() { journal_of(impl_->journal).clear(); }

app::FaultRuleState Server::add_fault(std::string_view spec) {
  auto rule = app::parse_fault_rule(spec);
  if (!rule) throw std::invalid_argument(std::string(rule.error().effective_message()));
  return impl_->faults.add(std::move(*rule));
}
app::FaultRuleState Server::add_fault(app::FaultRule rule) {
  return impl_->faults.add(std::move(rule));
}
std::vector<app::FaultRuleState> Server::faults() const { return impl_->faults.list(); }
bool Server::remove_fault(std::uint64_t id) { return impl_->faults.remove(id); }
std::size_t Server::clear_faults() { return impl_->faults.clear(); }
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
