// Where the worker threads run and which one serves a connection.
//
// By default there is one worker per CPU the process may use, each kept on its CPU, and a
// connection is served by the worker of the CPU its packets arrive on (SO_INCOMING_CPU): on
// loopback, the CPU its client thread runs on. Every connection of one client thread then
// lands on one worker, which runs on the client's CPU: a request and its response wake a thread
// on the same CPU, never one on another CPU (an inter-processor interrupt, costly in the VMs CI
// runs on). When the client's thread moves to another CPU, its connections follow within a few
// requests. Dealt round-robin to free-running threads instead, a 4 KiB GET cost ~40 % more CPU
// between client and server and throughput swung by a third from run to run (bench/RESULTS.md).
//
// With an explicit thread count the workers are not pinned and connections never move; up to
// one worker per CPU, the connections of one client CPU are still kept together (CPU modulo the
// count); with more workers than CPUs (asked for to ride out slow handlers, not for speed) they
// are dealt round-robin so that every worker gets some. Without SO_INCOMING_CPU (or when the CPU
// is not one of ours) connections are dealt round-robin.
// Thread safety: a WorkerMap is immutable after make(); incoming_cpu() is reentrant.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace s3sandbox::http {

// The CPU that last processed packets of socket `fd`, if the system says.
std::optional<int> incoming_cpu(int fd);

class WorkerMap {
 public:
  // `requested` 0: one pinned worker per CPU in this process's affinity mask; n > 0: n workers
  // the scheduler places freely.
  static WorkerMap make(int requested);
  // Pinned workers on exactly `cpus` (tests).
  static WorkerMap pinned_to(std::vector<int> cpus);

  std::size_t size() const { return size_; }
  bool pinned() const { return !cpus_.empty(); }
  // The CPU worker `worker` is to run on, or nullopt when workers are not pinned.
  std::optional<int> cpu_of(std::size_t worker) const;
  // The worker for a new connection whose packets arrive on `cpu`; `next` is the round-robin
  // position for connections whose CPU says nothing.
  std::size_t worker_for(std::optional<int> cpu, std::size_t& next) const;
  // The worker a connection served by `current` should move to, now that its packets arrive on
  // `cpu`; nullopt to stay (always, when workers are not pinned).
  std::optional<std::size_t> move_for(std::optional<int> cpu, std::size_t current) const;

  // Pinned maps only (else no-ops): keeps the calling thread on worker `worker`'s CPU, or lets it
  // run on any of the workers' CPUs. False when the system refuses.
  bool keep_on_cpu_of(std::size_t worker) const;
  bool let_run_anywhere() const;

 private:
  std::optional<std::size_t> pinned_worker(std::optional<int> cpu) const;

  std::size_t size_ = 1;
  bool group_by_cpu_ = true;                // unpinned: CPU modulo size_ rather than round-robin
  std::vector<int> cpus_;                   // cpus_[w]: worker w's CPU; empty when not pinned
  std::vector<std::size_t> worker_of_cpu_;  // by CPU number; size_ for CPUs without a worker
};

}  // namespace s3sandbox::http
