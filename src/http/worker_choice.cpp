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

bool set_affinity(const std::vector<int>& cpus) {
  if (cpus.empty()) return true;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus) CPU_SET(c, &set);
  return ::sched_setaffinity(0, sizeof set, &set) == 0;
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

WorkerMap WorkerMap::make(int requested, bool pin) {
  std::vector<int> cpus = allowed_cpus();
  std::size_t workers = 0;
  if (requested > 0) {
    workers = static_cast<std::size_t>(requested);
  } else {
    workers = !cpus.empty() ? cpus.size() : std::max(1u, std::thread::hardware_concurrency());
  }
  return for_cpus(std::move(cpus), workers, pin);
}

WorkerMap WorkerMap::for_cpus(std::vector<int> cpus, std::size_t workers, bool pin) {
  WorkerMap map;
  map.size_ = std::max<std::size_t>(1, workers);
  map.pin_ = pin && !cpus.empty();
  if (!cpus.empty()) {
    const int highest = *std::max_element(cpus.begin(), cpus.end());
    map.worker_of_cpu_.assign(static_cast<std::size_t>(highest) + 1, map.size_);
    // With more workers than CPUs, no CPU stands for a worker: round-robin gives every one some.
    if (map.size_ <= cpus.size()) {
      for (std::size_t i = 0; i < cpus.size(); ++i) {
        map.worker_of_cpu_[static_cast<std::size_t>(cpus[i])] = i % map.size_;
      }
    }
  }
  map.cpus_ = std::move(cpus);
  return map;
}

std::size_t WorkerMap::worker_for(std::optional<int> cpu, std::size_t& next) const {
  if (size_ <= 1) return 0;
  if (cpu && static_cast<std::size_t>(*cpu) < worker_of_cpu_.size()) {
    const std::size_t w = worker_of_cpu_[static_cast<std::size_t>(*cpu)];
    if (w < size_) return w;
  }
  return next++ % size_;
}

std::vector<int> WorkerMap::cpus_of(std::size_t worker) const {
  std::vector<int> out;
  if (!pin_ || worker >= size_) return out;
  if (size_ > cpus_.size()) {
    out.push_back(cpus_[worker % cpus_.size()]);  // several workers share each CPU
    return out;
  }
  for (std::size_t i = 0; i < cpus_.size(); ++i) {
    if (worker_of_cpu_[static_cast<std::size_t>(cpus_[i])] == worker) out.push_back(cpus_[i]);
  }
  return out;
}

bool WorkerMap::keep_on_its_cpus(std::size_t worker) const {
  if (!pin_) return true;
  return set_affinity(cpus_of(worker));
}

bool WorkerMap::let_run_anywhere() const {
  if (!pin_) return true;
  return set_affinity(cpus_);
}

}  // namespace s3sandbox::http
