// Config: the validated, immutable settings of one server run, from the command line, the
// environment (S3SANDBOX_* variables) and defaults, in that order of precedence. The command line
// is a stable contract that CI users script against; see `s3sandbox --help`.
// Thread safety: a plain value.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "s3sandbox/app/cors_mode.hpp"
#include "s3sandbox/auth/authenticator.hpp"
#include "s3sandbox/control/access.hpp"
#include "s3sandbox/core/log.hpp"

namespace s3sandbox::config {

// --cors: permissive (default; a dev sandbox) allows every preflight and exposes every header
// unless the bucket has its own CORS configuration; buckets honours only bucket rules, as S3.
// The app's own setting, passed through as is.
using CorsMode = app::CorsMode;

// --fixtures-mode: once (default) imports the fixtures into a data dir that has not had them yet
// (a marker file in the data dir records the import), so objects edited or deleted through S3
// stay so across restarts; always imports them at every start, putting them back.
enum class FixturesMode { kOnce, kAlways };

struct Config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 0;  // the library default is a free port; the binary's is 9000
  std::string data_dir;           // empty with ephemeral = true: a temp dir removed at stop
  bool ephemeral = true;
  std::vector<auth::Credential> credentials;  // empty: the documented default pair
  std::string region = "us-east-1";
  std::string fixtures_dir;  // imported at start when set
  FixturesMode fixtures_mode = FixturesMode::kOnce;
  core::LogLevel log_level = core::LogLevel::kInfo;
  bool access_log = true;
  auth::AuthMode auth_mode = auth::AuthMode::kStrict;
  std::vector<std::string> host_aliases;
  std::vector<std::string> domains = {"localhost"};  // virtual-hosted style domains
  std::chrono::seconds clock_offset{0};
  // --clock-freeze: the sandbox clock stands at this instant from the start (nullopt: it runs).
  std::optional<std::chrono::system_clock::time_point> clock_freeze;
  int threads = 0;  // 0: one per CPU
  // Keep each worker thread on its CPU(s) (--pin-threads). Off in the library and the binary:
  // pinning threads is the embedding program's business.
  bool pin_threads = false;
  bool fsync = true;
  // S3's EntityTooSmall minimum for every multipart part but the last; lower it for fast tests.
  std::uint64_t min_part_size = 5ull * 1024 * 1024;
  CorsMode cors = CorsMode::kPermissive;
  bool allow_ssec_over_http = false;  // --allow-ssec-over-http: accept SSE-C keys over HTTP
  // --messages s3: S3's exact <Message> texts, without the appended "[s3sandbox: diagnosis]".
  bool s3_messages = false;
  // Who may use /_sandbox/ (control/access.hpp): loopback clients by default.
  control::ControlAccess control;
  // The request journal (control/journal.hpp): the last N S3 exchanges; 0 turns it off.
  std::size_t journal_size = 10'000;
  std::string journal_file;  // also appended there as JSON Lines when set
  // Fault rules in the --fault syntax (app/faults.hpp), checked and added when the server starts.
  std::vector<std::string> faults;
  // Event notifications: destination ARN -> webhook URL (--notify-target ARN=URL, repeatable).
  std::vector<std::pair<std::string, std::string>> notify_targets;

  // HTTPS (README "HTTPS"): a second listener, so that http:// and https:// work at once, each
  // port speaking one protocol. On with tls_cert + tls_key (PEM files) or tls_auto (a local CA
  // and a certificate made in <data dir>/tls, crypto/local_ca.hpp).
  std::string tls_cert, tls_key;
  bool tls_auto = false;
  std::string tls_listen_host;                   // empty: listen_host
  std::optional<std::uint16_t> tls_listen_port;  // unset: listen_port + 1 (0 when that is 0)
  bool tls() const { return tls_auto || !tls_cert.empty(); }
};

// The outcome of reading the command line: run with a config, or print text and exit.
struct ParseOutcome {
  std::optional<Config> config;
  std::string output;  // --help / --version text, or the error message
  int exit_code = 0;   // meaningful when !config
};

// `env` maps variable names to values (pass the process environment).
ParseOutcome parse_command_line(int argc, const char* const* argv,
                                const std::map<std::string, std::string>& env);

std::string help_text();

// Whether the TLS settings hold together (a certificate without its key, both --tls auto and a
// certificate, a TLS port that does not exist): the reason when not.
std::optional<std::string> check_tls(const Config& cfg);

}  // namespace s3sandbox::config
