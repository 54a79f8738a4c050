// s3sandbox::Server: the whole S3 sandbox, embeddable in a C++ program or test.
//
//   s3sandbox::ServerConfig cfg;            // 127.0.0.1:0, ephemeral storage, default keys
//   s3sandbox::Server server(cfg);
//   server.start();                         // throws std::runtime_error on start-up failure
//   std::string url = server.endpoint();    // "http://127.0.0.1:41234"
//   server.set_clock_offset(std::chrono::hours(2));   // test expiry without sleeping
//   auto put = server.wait_for_request({.key_prefix = "uploads/", .operation = "PutObject"},
//                                      std::chrono::seconds(10));  // the request journal
//   server.add_fault("operation=PutObject,times=1,error=SlowDown");  // one 503 (app/faults.hpp)
//   server.stop();                          // also done by the destructor
//
// State and clock controls (the same as the /_sandbox/ API; failures throw std::runtime_error
// with the plain-words reason):
//   server.save_snapshot("baseline");  ...  server.restore_snapshot("baseline");
//   server.reset();  server.reset("photos", /*reimport_fixtures=*/true);
//   server.freeze_clock();  server.advance_clock(std::chrono::minutes(90));
//   server.unfreeze_clock();  server.set_clock_offset(std::chrono::seconds(0));  // all undone
//
// start() sets the process-wide log level (stderr) to config.log_level, e.g.
// core::LogLevel::kError to silence the access log in tests.
// Thread safety: start/stop from one thread; the accessors and clock control from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/app/faults.hpp"
#include "s3sandbox/app/warnings.hpp"
#include "s3sandbox/config/config.hpp"
#include "s3sandbox/control/journal.hpp"
#include "s3sandbox/explain/explain.hpp"
#include "s3sandbox/notify/event_log.hpp"
#include "s3sandbox/storage/state_store.hpp"

namespace s3sandbox {

using ServerConfig = config::Config;

class Server {
 public:
  explicit Server(ServerConfig config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  void stop();

  std::uint16_t port() const;
  std::string host() const;
  std::string endpoint() const;  // "http://HOST:PORT"
  // HTTPS (config.tls()): the TLS listener's port and "https://HOST:PORT" (0 and "" without),
  // and with --tls auto the CA certificate clients should trust ("" otherwise).
  std::uint16_t tls_port() const;
  std::string tls_endpoint() const;
  std::string tls_ca_path() const;
  const ServerConfig& config() const;
  std::string data_dir() const;  // the directory in use (the temp dir when ephemeral)

  // What real S3 would refuse but this sandbox let through (app/warnings.hpp), and the text the
  // binary prints about it when it stops ("" when nothing).
  std::vector<app::Warning> warnings() const;
  std::string warning_summary() const;

  // The sandbox clock (core::SystemClock): set_clock_offset also unfreezes it.
  void set_clock_offset(std::chrono::seconds offset);
  std::chrono::seconds clock_offset() const;
  void freeze_clock();  // at the current sandbox time
  void freeze_clock(std::chrono::system_clock::time_point at);
  void advance_clock(std::chrono::seconds by);  // negative: back
  void unfreeze_clock();                        // runs on from the frozen instant
  std::chrono::system_clock::time_point clock_now() const;

  // Reset and snapshots (storage/state_store.hpp says what requests in flight see). Only while
  // started. reset(""): everything; reset(bucket): that bucket's objects and uploads.
  // reimport_fixtures: then import the --fixtures again (of that bucket only); returns the
  // number of fixture objects imported.
  std::size_t reset(const std::string& bucket = {}, bool reimport_fixtures = false);
  // The per-test clean (POST /_sandbox/clean): reset(), or restore_snapshot(snapshot) when one
  // is named, then the clock real, no fault rule, the journal and the events emptied.
  void clean(const std::string& snapshot = {});
  storage::SnapshotInfo save_snapshot(const std::string& name);
  storage::SnapshotInfo restore_snapshot(const std::string& name);
  std::vector<storage::SnapshotInfo> list_snapshots();
  void delete_snapshot(const std::string& name);

  // Explains a presigned URL in this server's setting (domains, keys, region, clock), as
  // POST /_sandbox/explain does. Needs no start(): the analysis is offline.
  explain::Report explain(const explain::ExplainInput& input) const;
  // The same with other options (explain_options() plus a page_origin, say) at the server's time.
  explain::Report explain(const explain::ExplainInput& input,
                          const explain::ExplainOptions& options) const;
  explain::ExplainOptions explain_options() const;  // the server's setting

  // The request journal (control/journal.hpp; throws std::logic_error when journal_size is 0).
  // Matching entries, ascending id: the newest filter.limit, or the oldest after filter.since.
  std::vector<control::JournalEntry> requests(const control::JournalFilter& filter = {}) const;
  // Blocks until a matching entry is in the journal (returns the matches) or `timeout` passes
  // (returns none).
  std::vector<control::JournalEntry> wait_for_request(const control::JournalFilter& filter,
                                                      std::chrono::milliseconds timeout);
  void clear_requests();

  // Fault injection (app/faults.hpp; the same rules as --fault and /_sandbox/faults). Rules live
  // as long as the Server, across stop() and start(). add_fault throws std::invalid_argument
  // with the reason when the rule is malformed.
  app::FaultRuleState add_fault(std::string_view spec);
  app::FaultRuleState add_fault(app::FaultRule rule);
  std::vector<app::FaultRuleState> faults() const;
  bool remove_fault(std::uint64_t id);
  std::size_t clear_faults();  // the number of rules removed
  // Event notifications (README "Event notifications"): map a destination ARN of a bucket's
  // notification configuration to a webhook (http://); the events produced, delivered or not.
  // The server must be started. set_notify_target throws std::invalid_argument for a URL it
  // cannot deliver to.
  void set_notify_target(const std::string& arn, const std::string& url);
  bool remove_notify_target(const std::string& arn);
  std::vector<notify::EventRecord> events(const notify::EventFilter& filter = {}) const;
  void clear_events();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s3sandbox
