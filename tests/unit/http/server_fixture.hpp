// The fixture of the server tests: a Server on 127.0.0.1:0 with two worker threads and a
// scriptable handler that, unless a test says otherwise, echoes the request target.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "s3sandbox/http/server.hpp"
#include "unit/http/test_client.hpp"
#include "unit/http/test_handler.hpp"

namespace s3sandbox::http::testing {

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler_.on_start = [](const core::RequestView& r) {
      return core::StartResult::answer(text(200, r.target));
    };
  }
  void TearDown() override {
    if (server_) server_->stop();
  }

  static ServerOptions test_options() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    return options;
  }
  void start(ServerOptions options = test_options()) {
    server_ = std::make_unique<Server>(options, handler_);
    ASSERT_FALSE(server_->start());
  }
  std::uint16_t port() const { return server_->port(); }

  TestHandler handler_;
  std::unique_ptr<Server> server_;
};

}  // namespace s3sandbox::http::testing
