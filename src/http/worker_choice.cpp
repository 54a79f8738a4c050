#include "http/worker_choice.hpp"

#include <sched.h>
#include <sys/socket.h>

#include <algorithm>
#include <thread>

namespace s3sandbox::http {
namespace {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  std::vector<int> cpus;
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  return cpus;
}

}  // namespace

std::optional<int> incoming_cpu(int fd) {
#ifdef SO_INCOMING_CPU
  int cpu = -1;
  socklen_t length = sizeof cpu;
  if (::getsockopt(fd, SOL_SOCKET, SO_INCOMING_CPU, &cpu, &length) == 0 && cpu >= 0) return cpu;
#else
  (void)fd;
#endif
  return std::nullopt;
}

WorkerMap WorkerMap::make(int requested) {
  std::vector<int> cpus = allowed_cpus();
  if (requested <= 0 && !cpus.empty()) return pinned_to(std::move(cpus));
  WorkerMap map;
  map.size_ = requested > 0 ? static_cast<std::size_t>(requested)
                            : std::max(1u, std::thread::hardware_concurrency());
  map.group_by_cpu_ = map.size_ <= std::max<std::size_t>(1, cpus.size());
  return map;
}

WorkerMap WorkerMap::pinned_to(std::vector<int> cpus) {
  WorkerMap map;
  if (cpus.empty()) return map;
  map.size_ = cpus.size();
  const int highest = *std::max_element(cpus.begin(), cpus.end());
  map.worker_of_cpu_.assign(static_cast<std::size_t>(highest) + 1, map.size_);
  for (std::size_t w = 0; w < cpus.size(); ++w) {
    map.worker_of_cpu_[static_cast<std::size_t>(cpus[w])] = w;
  }
  map.cpus_ = std::move(cpus);
  return map;
}

std::optional<int> WorkerMap::cpu_of(std::size_t worker) const {
  if (worker >= cpus_.size()) return std::nullopt;
  return cpus_[worker];
}

std::optional<std::size_t> WorkerMap::pinned_worker(std::optional<int> cpu) const {
  if (!cpu || cpus_.empty() || static_cast<std::size_t>(*cpu) >= worker_of_cpu_.size()) {
    return std::nullopt;
  }
  const std::size_t w = worker_of_cpu_[static_cast<std::size_t>(*cpu)];
  if (w == size_) return std::nullopt;
  return w;
}

std::size_t WorkerMap::worker_for(std::optional<int> cpu, std::size_t& next) const {
  if (size_ <= 1) return 0;
  if (!cpus_.empty()) {
    if (auto w = pinned_worker(cpu)) return *w;
  } else if (cpu && group_by_cpu_) {
    return static_cast<std::size_t>(*cpu) % size_;
  }
  return next++ % size_;
}

std::optional<std::size_t> WorkerMap::move_for(std::optional<int> cpu,
                                               std::size_t current) const {
  auto w = pinned_worker(cpu);
  if (!w || *w == current) return std::nullopt;
  return w;
}

namespace {
bool set_affinity(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus) CPU_SET(c, &set);
  return ::sched_setaffinity(0, sizeof set, &set) == 0;
}
}  // namespace

bool WorkerMap::keep_on_cpu_of(std::size_t worker) const {
  if (worker >= cpus_.size()) return true;
  return set_affinity({cpus_[worker]});
}

bool WorkerMap::let_run_anywhere() const {
  if (cpus_.empty()) return true;
  return set_affinity(cpus_);
}

}  // namespace s3sandbox::http
