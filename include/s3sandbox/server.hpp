// s3sandbox::Server: the whole S3 sandbox, embeddable in a C++ program or test.
//
//   s3sandbox::ServerConfig cfg;            // 127.0.0.1:0, ephemeral storage, default keys
//   s3sandbox::Server server(cfg);
//   server.start();                         // throws std::runtime_error on start-up failure
//   std::string url = server.endpoint();    // "http://127.0.0.1:41234"
//   server.set_clock_offset(std::chrono::hours(2));   // test expiry without sleeping
//   server.stop();                          // also done by the destructor
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
#include <vector>

#include "s3sandbox/config/config.hpp"
#include "s3sandbox/notify/event_log.hpp"

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
