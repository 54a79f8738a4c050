// Deferred answers (core::DeferredResponse, the seam's long-poll): resolved from another thread,
// the deadline's fallback, the worker's other connections served meanwhile, a client that goes
// away, the server stopping, keep-alive and pipelining after a deferred answer.
#include <future>
#include <thread>

#include "unit/http/server_fixture.hpp"

namespace s3sandbox::http::testing {
namespace {

using namespace std::chrono_literals;
using core::DeferredResponse;

class DeferredTest : public ServerTest {
 protected:
  // The handler defers /wait/... with `deadline` (answering "fallback" then) and answers the
  // rest at once; the deferred answers are kept for the test to resolve.
  void defer_waits(std::chrono::milliseconds deadline) {
    handler_.on_start = [this, deadline](const core::RequestView& r) {
      if (!r.target.starts_with("/wait")) return core::StartResult::answer(text(200, r.target));
      auto d = std::make_shared<DeferredResponse>(std::chrono::steady_clock::now() + deadline,
                                                  [] { return text(200, "fallback"); });
      {
        std::lock_guard lock(mu_);
        waiting_.push_back(d);
      }
      cv_.notify_all();
      return core::StartResult::defer(d);
    };
  }
  // The n-th deferred answer, once the handler has made it (bounded wait).
  std::shared_ptr<DeferredResponse> waiting(std::size_t n = 0) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, 10s, [&] { return waiting_.size() > n; });
    return waiting_.size() > n ? waiting_[n] : nullptr;
  }
  static ServerOptions one_worker() {
    ServerOptions options = test_options();
    options.threads = 1;
    return options;
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<DeferredResponse>> waiting_;
};

TEST_F(DeferredTest, AnswerResolvedFromAnotherThreadIsSent) {
  defer_waits(10s);
  start(one_worker());
  TestClient client(port());
  client.send(request("GET", "/wait"));
  const auto d = waiting();
  ASSERT_TRUE(d);
  std::thread producer([d] {
    std::this_thread::sleep_for(100ms);
    EXPECT_TRUE(d->resolve(text(200, "arrived")));
  });
  const auto before = std::chrono::steady_clock::now();
  const Reply reply = client.read_reply();
  producer.join();
  EXPECT_EQ(reply.body, "arrived");
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);  // not the 10 s deadline
  EXPECT_FALSE(d->pending());
  EXPECT_FALSE(d->resolve(text(200, "again")));
}

TEST_F(DeferredTest, WorkerServesItsOtherConnectionsWhileOneWaits) {
  defer_waits(10s);
  start(one_worker());  // one thread: a blocked handler would freeze the second client
  TestClient waiter(port());
  waiter.send(request("GET", "/wait"));
  const auto d = waiting();
  ASSERT_TRUE(d);
  TestClient other(port());
  other.send(request("GET", "/other"));
  EXPECT_EQ(other.read_reply().body, "/other");
  EXPECT_TRUE(d->pending());
  d->resolve(text(200, "done"));
  EXPECT_EQ(waiter.read_reply().body, "done");
}

TEST_F(DeferredTest, DeadlineSendsTheFallback) {
  defer_waits(150ms);
  start();
  TestClient client(port());
  client.send(request("GET", "/wait"));
  EXPECT_EQ(client.read_reply().body, "fallback");
  EXPECT_FALSE(waiting()->pending());
}

TEST_F(DeferredTest, WaitMayOutlastTheHeaderTimeout) {
  defer_waits(600ms);
  ServerOptions options = test_options();
  options.header_timeout = 150ms;  // armed while the header was read; it must not cut the wait
  start(options);
  TestClient client(port());
  client.send(request("GET", "/wait"));
  EXPECT_EQ(client.read_reply().body, "fallback");
  client.send(request("GET", "/again"));
  EXPECT_EQ(client.read_reply().body, "/again");
}

TEST_F(DeferredTest, ResolvedBeforeTheServerWaitsIsSentAtOnce) {
  handler_.on_start = [](const core::RequestView&) {
    auto d = std::make_shared<DeferredResponse>(std::chrono::steady_clock::now() + 10s,
                                                [] { return text(200, "fallback"); });
    d->resolve(text(200, "early"));
    return core::StartResult::defer(d);
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/wait"));
  EXPECT_EQ(client.read_reply().body, "early");
}

TEST_F(DeferredTest, FinishIsAppliedToTheAnswerSent) {
  handler_.on_start = [](const core::RequestView&) {
    auto d = std::make_shared<DeferredResponse>(std::chrono::steady_clock::now() + 50ms,
                                                [] { return text(200, "fallback"); });
    d->set_finish([](core::Response r) {
      r.headers.push_back({"X-Finished", "yes"});
      return r;
    });
    return core::StartResult::defer(d);
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/wait"));
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.body, "fallback");
  EXPECT_EQ(reply.header("X-Finished"), "yes");
}

TEST_F(DeferredTest, KeepAliveAndPipelinedRequestAfterADeferredAnswer) {
  defer_waits(10s);
  start(one_worker());
  TestClient client(port());
  // The second request arrives while the first waits: readable, but not a closed client.
  client.send(request("GET", "/wait") + request("GET", "/next"));
  const auto d = waiting();
  ASSERT_TRUE(d);
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(d->pending());
  d->resolve(text(200, "first"));
  EXPECT_EQ(client.read_reply().body, "first");
  EXPECT_EQ(client.read_reply().body, "/next");
}

TEST_F(DeferredTest, ClientThatGoesAwayAbandonsTheWait) {
  defer_waits(10s);
  start();
  {
    TestClient client(port());
    client.send(request("GET", "/wait"));
    ASSERT_TRUE(waiting());
    client.abort();
  }
  const auto completions = handler_.wait_completions(1);
  ASSERT_EQ(completions.size(), 1u);
  EXPECT_EQ(completions[0].status, 0);  // nothing was sent
  EXPECT_FALSE(waiting()->pending());
  EXPECT_FALSE(waiting()->resolve(text(200, "too late")));
}

TEST_F(DeferredTest, StopAnswersWaitingClientsAtOnce) {
  defer_waits(60s);
  start();
  TestClient client(port());
  client.send(request("GET", "/wait"));
  ASSERT_TRUE(waiting());
  const auto before = std::chrono::steady_clock::now();
  auto stopping = std::async(std::launch::async, [&] { server_->stop(); });
  const Reply reply = client.read_reply();
  EXPECT_EQ(reply.body, "fallback");
  stopping.get();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 4s);  // not the 5 s grace, nor 60 s
  // A producer resolving after the server is gone is told so, and nothing crashes.
  EXPECT_FALSE(waiting()->resolve(text(200, "late")));
}

}  // namespace
}  // namespace s3sandbox::http::testing

namespace s3sandbox::http::testing {
namespace {

struct TestNote final : core::ExchangeNote {
  std::string text;
};

TEST_F(ServerTest, ResponseNoteReachesOnComplete) {
  handler_.on_start = [](const core::RequestView&) {
    core::Response r = text(200, "ok");
    auto note = std::make_shared<TestNote>();
    note->text = "remembered";
    r.note = note;
    return core::StartResult::answer(std::move(r));
  };
  start();
  TestClient client(port());
  client.send(request("GET", "/x"));
  EXPECT_EQ(client.read_reply().body, "ok");
  const auto completions = handler_.wait_completions(1);
  ASSERT_EQ(completions.size(), 1u);
  const auto* note = dynamic_cast<const TestNote*>(completions[0].note.get());
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(note->text, "remembered");
}

}  // namespace
}  // namespace s3sandbox::http::testing
