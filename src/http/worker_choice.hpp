// Where the worker threads run and which one serves a connection.
//
// There is one worker per CPU the process may use (or an explicit count), and a new connection
// is served, for its whole life, by the worker that stands for the CPU its packets arrive on
// (SO_INCOMING_CPU): on loopback, the CPU its client thread runs on. Every connection of one
// client thread then lands on one worker, which the scheduler tends to run next to that client:
// a request and its response wake a thread on the same CPU rather than one on another CPU (an
// inter-processor interrupt, costly in the VMs CI runs on). Dealt round-robin instead, a 4 KiB
// GET cost ~40 % more CPU between client and server and throughput swung by a third from run to
// run (bench/RESULTS.md).
//
// Workers are not pinned: a library must not change the affinity of threads in the program
// that embeds it. Pinning (one worker kept on the CPUs it stands for) is opt-in, for the
// binary's --pin-threads. Connections never move between workers after accept: moving them
// bought a few percent, and would have to carry TLS state along.
//
// Up to one worker per CPU, the connections of one client CPU are kept together (the CPUs are
// numbered in the affinity mask's order, modulo the worker count); with more workers than CPUs
// (asked for to ride out slow handlers, not for speed) they are dealt round-robin so that every
// worker gets some. Without SO_INCOMING_CPU (or when the CPU is not one of ours) connections are
// dealt round-robin.
//
// Known limit, measured and kept: a client whose threads all connect from one CPU (wrk's two
// threads, when the scheduler has not spread them yet) has every connection on one worker for
// the connections' life, and gets one worker's throughput (4 KiB GET ~77k instead of ~120k req/s
// on the 2-CPU bench VM, in about a third of wrk runs). Balancing by live connections at accept
// does not cure it: one client thread's connections arrive in a burst from one CPU, so the
// balance spreads every client over every worker and loses the grouping for all (median 81k
// against 117k req/s, bench/RESULTS.md). Only moving connections later could, and that was
// removed on purpose (issue #14).
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
  // `requested` 0: one worker per CPU of this process's affinity mask; n > 0: n workers.
  // `pin`: keep each worker on the CPUs whose connections it serves (keep_on_its_cpus()).
  static WorkerMap make(int requested, bool pin = false);
  // A map for exactly `cpus` (tests).
  static WorkerMap for_cpus(std::vector<int> cpus, std::size_t workers, bool pin);

  std::size_t size() const { return size_; }
  bool pinned() const { return pin_; }
  // The worker for a new connection whose packets arrive on `cpu`; `next` is the round-robin
  // position for connections whose CPU says nothing.
  std::size_t worker_for(std::optional<int> cpu, std::size_t& next) const;
  // The CPUs a pinned worker is kept on (empty when not pinned).
  std::vector<int> cpus_of(std::size_t worker) const;

  // Pinned maps only (else no-ops): keeps the calling thread on worker `worker`'s CPUs, or lets
  // it run on any of the map's CPUs. False when the system refuses.
  bool keep_on_its_cpus(std::size_t worker) const;
  bool let_run_anywhere() const;

 private:
  std::size_t size_ = 1;
  bool pin_ = false;
  std::vector<int> cpus_;                   // the CPUs, in the affinity mask's order
  std::vector<std::size_t> worker_of_cpu_;  // by CPU number; size_ for CPUs without a worker
};

}  // namespace s3sandbox::http
