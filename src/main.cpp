// The s3sandbox binary: read the configuration, start the server, print the ready line, wait for
// SIGINT/SIGTERM, stop gracefully.
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "s3sandbox/core/log.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/explain/command.hpp"
#include "s3sandbox/server.hpp"

extern char** environ;

namespace {

std::map<std::string, std::string> environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return env;
}

}  // namespace

int main(int argc, char** argv) {
  // `s3sandbox explain URL ...`: offline, no server started (explain/command.hpp).
  if (argc >= 2 && std::string_view(argv[1]) == "explain") {
    return s3sandbox::explain::run_command(argc - 1, argv + 1, std::chrono::system_clock::now(),
                                           std::cout, std::cerr);
  }
  auto parsed = s3sandbox::config::parse_command_line(argc, argv, environment());
  if (!parsed.config) {
    std::fputs(parsed.output.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  s3sandbox::core::set_log_level(parsed.config->log_level);

  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // OpenSSL's one-time initialization (providers, algorithm fetches: ~0.5 ms; the configuration
  // file is skipped) runs on a second core while the main thread opens the data dir; the first
  // use in server.start() then finds it done, or waits for it (OpenSSL's and C++'s once-only
  // initialization are thread safe). Joined before the server is reported ready.
  s3sandbox::crypto::initialize_without_config();
  std::jthread warm_crypto([] { s3sandbox::crypto::warm_up(); });

  s3sandbox::Server server(*parsed.config);
  try {
    server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "s3sandbox: %s\n", e.what());
    return 1;
  }
  warm_crypto.join();
  const auto& cfg = server.config();
  std::string keys;
  if (cfg.credentials.empty()) {
    keys = "access key 's3sandbox', secret key 's3sandbox-secret' (the defaults)";
  } else {
    keys = std::to_string(cfg.credentials.size()) + " configured access key(s), first '" +
           cfg.credentials.front().access_key + "'";
  }
  s3sandbox::core::log_info("listening on " + server.endpoint() + ", region " + cfg.region + ", " +
                            keys + ", data " + (cfg.ephemeral ? "ephemeral in " : "in ") +
                            server.data_dir());
  // HTTPS: the CA to trust on a line of its own first, then the HTTPS endpoint on the ready
  // line, after the HTTP one (a reader of the first URL is unaffected).
  if (!server.tls_ca_path().empty()) {
    s3sandbox::core::log_info("https on " + server.tls_endpoint() + ", trust " +
                              server.tls_ca_path());
    std::printf("s3sandbox tls ca %s\n", server.tls_ca_path().c_str());
  }
  std::string endpoints = server.endpoint();
  if (!server.tls_endpoint().empty()) endpoints += " " + server.tls_endpoint();
  std::printf("s3sandbox ready %s\n", endpoints.c_str());
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  s3sandbox::core::log_info(std::string("stopping on ") +
                            (signal_number == SIGINT ? "SIGINT" : "SIGTERM"));
  // What was let through that real S3 would refuse, for the developer who never read the log.
  if (const std::string summary = server.warning_summary(); !summary.empty()) {
    std::fputs(summary.c_str(), stderr);
  }
  server.stop();
  return 0;
}
