// s3sandbox::Server: the whole S3 sandbox, embeddable in a C++ program or test.
//
//   s3sandbox::ServerConfig cfg;            // 127.0.0.1:0, ephemeral storage, default keys
//   s3sandbox::Server server(cfg);
//   server.start();                         // throws std::runtime_error on start-up failure
//   std::string url = server.endpoint();    // "http://127.0.0.1:41234"
//   server.set_clock_offset(std::chrono::hours(2));   // test expiry without sleeping
//   auto put = server.wait_for_request({.key_prefix = "uploads/", .operation = "PutObject"},
//                                      std::chrono::seconds(10));  // the request journal
//   server.stop();                          // also done by the destructor
//
// start() sets the process-wide log level (stderr) to config.log_level, e.g.
// core::LogLevel::kError to silence the access log in tests.
// Thread safety: start/stop from one thread; the accessors and clock control from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "s3sandbox/config/config.hpp"
#include "s3sandbox/control/journal.hpp"

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
  const ServerConfig& config() const;
  std::string data_dir() const;  // the directory in use (the temp dir when ephemeral)

  void set_clock_offset(std::chrono::seconds offset);
  std::chrono::seconds clock_offset() const;

  // The request journal (control/journal.hpp; throws std::logic_error when journal_size is 0).
  // Matching entries, ascending id: the newest filter.limit, or the oldest after filter.since.
  std::vector<control::JournalEntry> requests(const control::JournalFilter& filter = {}) const;
  // Blocks until a matching entry is in the journal (returns the matches) or `timeout` passes
  // (returns none).
  std::vector<control::JournalEntry> wait_for_request(const control::JournalFilter& filter,
                                                      std::chrono::milliseconds timeout);
  void clear_requests();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s3sandbox
