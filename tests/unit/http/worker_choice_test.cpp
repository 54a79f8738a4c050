#include "http/worker_choice.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace s3sandbox::http {
namespace {

TEST(WorkerMapTest, PinnedWorkerServesItsOwnCpu) {
  const WorkerMap map = WorkerMap::pinned_to({2, 5, 7});
  ASSERT_TRUE(map.pinned());
  EXPECT_EQ(map.size(), 3u);
  EXPECT_EQ(map.cpu_of(1), 5);
  std::size_t next = 0;
  EXPECT_EQ(map.worker_for(7, next), 2u);
  EXPECT_EQ(map.worker_for(2, next), 0u);
  EXPECT_EQ(map.worker_for(5, next), 1u);
  EXPECT_EQ(next, 0u);  // the round-robin position is untouched
}

TEST(WorkerMapTest, PinnedCpuWithoutWorkerOrUnknownGoesRoundRobin) {
  const WorkerMap map = WorkerMap::pinned_to({0, 1});
  std::size_t next = 0;
  EXPECT_EQ(map.worker_for(3, next), 0u);
  EXPECT_EQ(map.worker_for(std::nullopt, next), 1u);
  EXPECT_EQ(map.worker_for(64, next), 0u);
}

TEST(WorkerMapTest, PinnedConnectionMovesOnlyToAnotherWorkersCpu) {
  const WorkerMap map = WorkerMap::pinned_to({0, 1});
  EXPECT_EQ(map.move_for(1, 0), std::optional<std::size_t>(1));
  EXPECT_EQ(map.move_for(0, 0), std::nullopt);  // already there
  EXPECT_EQ(map.move_for(9, 0), std::nullopt);  // no worker on that CPU
  EXPECT_EQ(map.move_for(std::nullopt, 1), std::nullopt);
}

TEST(WorkerMapTest, ExplicitCountIsUnpinnedKeepsAClientThreadTogetherAndNeverMoves) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  if (CPU_COUNT(&allowed) < 2) GTEST_SKIP() << "two workers on one CPU are dealt round-robin";
  const WorkerMap map = WorkerMap::make(2);
  EXPECT_FALSE(map.pinned());
  EXPECT_EQ(map.size(), 2u);
  EXPECT_EQ(map.cpu_of(0), std::nullopt);
  std::size_t next = 0;
  EXPECT_EQ(map.worker_for(3, next), 1u);
  EXPECT_EQ(map.worker_for(3, next), 1u);
  EXPECT_EQ(map.worker_for(4, next), 0u);
  EXPECT_EQ(map.worker_for(std::nullopt, next), 0u);
  EXPECT_EQ(map.worker_for(std::nullopt, next), 1u);
  EXPECT_EQ(map.move_for(0, 1), std::nullopt);
}

TEST(WorkerMapTest, MoreWorkersThanCpusAreDealtRoundRobin) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  const auto workers = static_cast<std::size_t>(CPU_COUNT(&allowed)) + 2;
  const WorkerMap map = WorkerMap::make(static_cast<int>(workers));
  EXPECT_FALSE(map.pinned());
  std::size_t next = 0;
  for (std::size_t i = 0; i < workers; ++i) EXPECT_EQ(map.worker_for(0, next), i);
}

TEST(WorkerMapTest, DefaultIsOneWorkerPerAllowedCpu) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  const WorkerMap map = WorkerMap::make(0);
  EXPECT_TRUE(map.pinned());
  EXPECT_EQ(map.size(), static_cast<std::size_t>(CPU_COUNT(&allowed)));
  for (std::size_t w = 0; w < map.size(); ++w) EXPECT_TRUE(CPU_ISSET(*map.cpu_of(w), &allowed));
}

// What the choice relies on: a loopback connection made by a thread running on CPU k is
// reported, once accepted, as arriving on CPU k.
TEST(IncomingCpuTest, LoopbackConnectionReportsTheClientThreadsCpu) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 16), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);

  int checked = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE && checked < 2; ++cpu) {
    if (!CPU_ISSET(cpu, &allowed)) continue;
    int client = -1;
    std::thread([&] {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      if (sched_setaffinity(0, sizeof one, &one) != 0) return;
      client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address);
      ::send(client, "x", 1, 0);  // processed on this CPU too
    }).join();
    ASSERT_GE(client, 0);
    int accepted = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    ASSERT_GE(accepted, 0);
    const std::optional<int> reported = incoming_cpu(accepted);
    if (!reported) GTEST_SKIP() << "SO_INCOMING_CPU is not reported here";
    EXPECT_EQ(*reported, cpu);
    ::close(accepted);
    ::close(client);
    ++checked;
  }
  ::close(listener);
  EXPECT_GE(checked, 1);
}

}  // namespace
}  // namespace s3sandbox::http
