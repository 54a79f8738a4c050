#include "http/worker_choice.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>
#include <vector>

namespace s3sandbox::http {
namespace {

TEST(WorkerMapTest, EachCpuIsServedByItsWorker) {
  const WorkerMap map = WorkerMap::for_cpus({2, 5, 7}, 3, false);
  EXPECT_FALSE(map.pinned());
  EXPECT_EQ(map.size(), 3u);
  std::size_t next = 0;
  EXPECT_EQ(map.worker_for(7, next), 2u);
  EXPECT_EQ(map.worker_for(2, next), 0u);
  EXPECT_EQ(map.worker_for(5, next), 1u);
  EXPECT_EQ(map.worker_for(5, next), 1u);
  EXPECT_EQ(next, 0u);  // the round-robin position is untouched
}

TEST(WorkerMapTest, CpuWithoutWorkerOrUnknownGoesRoundRobin) {
  const WorkerMap map = WorkerMap::for_cpus({0, 1}, 2, false);
  std::size_t next = 0;
  EXPECT_EQ(map.worker_for(3, next), 0u);
  EXPECT_EQ(map.worker_for(std::nullopt, next), 1u);
  EXPECT_EQ(map.worker_for(64, next), 0u);
}

TEST(WorkerMapTest, FewerWorkersThanCpusKeepEachCpusConnectionsTogether) {
  const WorkerMap map = WorkerMap::for_cpus({0, 1, 4, 6}, 2, false);
  std::size_t next = 0;
  EXPECT_EQ(map.worker_for(0, next), 0u);
  EXPECT_EQ(map.worker_for(1, next), 1u);
  EXPECT_EQ(map.worker_for(4, next), 0u);  // by place in the mask, not by CPU number
  EXPECT_EQ(map.worker_for(6, next), 1u);
  EXPECT_EQ(map.worker_for(4, next), 0u);
  EXPECT_EQ(next, 0u);
}

TEST(WorkerMapTest, MoreWorkersThanCpusAreDealtRoundRobin) {
  const WorkerMap map = WorkerMap::for_cpus({0, 1}, 4, false);
  std::size_t next = 0;
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(map.worker_for(0, next), i);
}

TEST(WorkerMapTest, DefaultIsOneUnpinnedWorkerPerAllowedCpu) {
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  const WorkerMap map = WorkerMap::make(0);
  EXPECT_FALSE(map.pinned());
  EXPECT_EQ(map.size(), static_cast<std::size_t>(CPU_COUNT(&allowed)));
  EXPECT_TRUE(map.cpus_of(0).empty());
  EXPECT_FALSE(WorkerMap::make(3).pinned());
}

TEST(WorkerMapTest, PinnedWorkerIsKeptOnTheCpusItServes) {
  const WorkerMap map = WorkerMap::for_cpus({0, 1, 4, 6}, 2, true);
  ASSERT_TRUE(map.pinned());
  EXPECT_EQ(map.cpus_of(0), (std::vector<int>{0, 4}));
  EXPECT_EQ(map.cpus_of(1), (std::vector<int>{1, 6}));
  const WorkerMap crowded = WorkerMap::for_cpus({3, 5}, 3, true);
  EXPECT_EQ(crowded.cpus_of(2), (std::vector<int>{3}));
  cpu_set_t allowed;
  ASSERT_EQ(sched_getaffinity(0, sizeof allowed, &allowed), 0);
  const WorkerMap asked = WorkerMap::make(0, true);
  EXPECT_TRUE(asked.pinned());
  for (std::size_t w = 0; w < asked.size(); ++w) {
    ASSERT_EQ(asked.cpus_of(w).size(), 1u);
    EXPECT_TRUE(CPU_ISSET(asked.cpus_of(w).front(), &allowed));
  }
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
