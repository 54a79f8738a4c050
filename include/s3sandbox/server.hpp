// s3sandbox::Server: the whole S3 sandbox, embeddable in a C++ program or test.
//
//   s3sandbox::ServerConfig cfg;            // 127.0.0.1:0, ephemeral storage, default keys
//   s3sandbox::Server server(cfg);
//   server.start();                         // throws std::runtime_error on start-up failure
//   std::string url = server.endpoint();    // "http://127.0.0.1:41234"
//   server.set_clock_offset(std::chrono::hours(2));   // test expiry without sleeping
//   server.add_fault("operation=PutObject,times=1,error=SlowDown");  // one 503 (app/faults.hpp)
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
#include <string_view>
#include <vector>

#include "s3sandbox/app/faults.hpp"
#include "s3sandbox/config/config.hpp"

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

  // Fault injection (app/faults.hpp; the same rules as --fault and /_sandbox/faults). Rules live
  // as long as the Server, across stop() and start(). add_fault throws std::invalid_argument
  // with the reason when the rule is malformed.
  app::FaultRuleState add_fault(std::string_view spec);
  app::FaultRuleState add_fault(app::FaultRule rule);
  std::vector<app::FaultRuleState> faults() const;
  bool remove_fault(std::uint64_t id);
  std::size_t clear_faults();  // the number of rules removed

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace s3sandbox
