// Which worker thread serves a connection: the one for the client's CPU at accept, for the
// connection's whole life; workers are pinned only when asked (worker_choice.hpp).
#include <sched.h>

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "unit/http/server_fixture.hpp"

namespace s3sandbox::http::testing {
namespace {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

bool run_on(int cpu) {
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return sched_setaffinity(0, sizeof one, &one) == 0;
}

// The calling thread keeps the affinity it had before.
class AffinityGuard {
 public:
  AffinityGuard() { sched_getaffinity(0, sizeof saved_, &saved_); }
  ~AffinityGuard() { sched_setaffinity(0, sizeof saved_, &saved_); }

 private:
  cpu_set_t saved_{};
};

class WorkerTest : public ServerTest {
 protected:
  void SetUp() override {
    handler_.on_start = [this](const core::RequestView& r) {
      std::lock_guard lock(mu_);
      served_by_[r.target] = std::this_thread::get_id();
      ran_on_[r.target] = sched_getcpu();
      return core::StartResult::answer(text(200, r.target));
    };
  }
  std::thread::id served_by(const std::string& target) {
    std::lock_guard lock(mu_);
    return served_by_.at(target);
  }

  std::mutex mu_;
  std::map<std::string, std::thread::id> served_by_;
  std::map<std::string, int> ran_on_;
};

TEST_F(WorkerTest, ConnectionsOfOneClientThreadShareAWorker) {
  if (allowed_cpus().size() < 2) GTEST_SKIP() << "two workers on one CPU are dealt round-robin";
  start();  // two unpinned workers, for this process's CPUs (so before pinning this thread)
  AffinityGuard guard;
  ASSERT_TRUE(run_on(allowed_cpus().front()));
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 6; ++i) {
    clients.push_back(std::make_unique<TestClient>(port()));
    const std::string target = "/c" + std::to_string(i);
    ASSERT_TRUE(clients.back()->send(request("GET", target)));
    EXPECT_EQ(clients.back()->read_reply().body, target);
  }
  // Dealt round-robin, the six would have been split between the two workers.
  for (int i = 1; i < 6; ++i) EXPECT_EQ(served_by("/c" + std::to_string(i)), served_by("/c0"));
}

TEST_F(WorkerTest, DefaultWorkersAreNotPinned) {
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  cpu_set_t seen;
  CPU_ZERO(&seen);
  handler_.on_start = [this, &seen](const core::RequestView& r) {
    std::lock_guard lock(mu_);
    sched_getaffinity(0, sizeof seen, &seen);
    return core::StartResult::answer(text(200, r.target));
  };
  ServerOptions options = test_options();
  options.threads = 0;
  start(options);
  TestClient client(port());
  ASSERT_TRUE(client.send(request("GET", "/a")));
  EXPECT_EQ(client.read_reply().body, "/a");
  // The worker runs wherever the embedding program's threads may run.
  std::lock_guard lock(mu_);
  EXPECT_TRUE(CPU_EQUAL(&seen, &before));
}

TEST_F(WorkerTest, PinnedWorkersAreKeptOnTheirCpus) {
  ServerOptions options = test_options();
  options.threads = 0;
  options.pin_threads = true;
  start(options);
  std::vector<std::unique_ptr<TestClient>> clients;
  AffinityGuard guard;
  for (int cpu : allowed_cpus()) {
    ASSERT_TRUE(run_on(cpu));
    clients.push_back(std::make_unique<TestClient>(port()));
    const std::string target = "/cpu" + std::to_string(cpu);
    ASSERT_TRUE(clients.back()->send(request("GET", target)));
    EXPECT_EQ(clients.back()->read_reply().body, target);
    std::lock_guard lock(mu_);
    EXPECT_EQ(ran_on_[target], cpu);
  }
}

TEST_F(WorkerTest, ConnectionStaysOnItsWorkerWhenItsClientMoves) {
  std::vector<int> cpus = allowed_cpus();
  if (cpus.size() < 2) GTEST_SKIP() << "needs two CPUs";
  ServerOptions options = test_options();
  options.threads = 0;  // one worker per CPU this thread may use: started before pinning it
  start(options);
  AffinityGuard guard;
  ASSERT_TRUE(run_on(cpus[0]));
  TestClient client(port());
  ASSERT_TRUE(client.send(request("GET", "/r0")));
  EXPECT_EQ(client.read_reply().body, "/r0");

  ASSERT_TRUE(run_on(cpus[1]));
  // Requests go in pairs in one write, so that the next request is often already read.
  for (int i = 1; i < 64; i += 2) {
    const std::string a = "/r" + std::to_string(i);
    const std::string b = "/r" + std::to_string(i + 1);
    ASSERT_TRUE(client.send(request("GET", a) + request("GET", b)));
    EXPECT_EQ(client.read_reply().body, a);
    EXPECT_EQ(client.read_reply().body, b);
  }
  for (int i = 1; i <= 64; ++i) EXPECT_EQ(served_by("/r" + std::to_string(i)), served_by("/r0"));
  // A new connection from the new CPU goes to that CPU's worker.
  TestClient second(port());
  ASSERT_TRUE(second.send(request("GET", "/s")));
  EXPECT_EQ(second.read_reply().body, "/s");
  EXPECT_NE(served_by("/s"), served_by("/r0"));
}

}  // namespace
}  // namespace s3sandbox::http::testing
