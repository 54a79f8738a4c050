// The per-test clean, one control call for what a test framework otherwise does in five:
//   POST /_sandbox/clean                 the data reset (an empty sandbox, saved snapshots kept),
//                                        the clock back to real time and running, every fault
//                                        rule removed, the request journal and the event record
//                                        emptied
//   POST /_sandbox/clean?snapshot=NAME   the same, restoring NAME instead of emptying
//   POST /_sandbox/clean?fixtures=1      the same, re-importing the --fixtures after the reset
// Answer: {"data": "reset"|"restored", "snapshot": {..}|null, "fixtures_imported": N,
// "clock": (GET /_sandbox/clock's state), "faults_deleted": N, "journal_cleared": bool (false
// with --journal-size 0), "events_cleared": true}.
//
// Why its own path rather than POST /_sandbox/reset?all=1: reset's scope is the data (its
// "bucket" narrows it, and its answer's "reset":"all" already means "all buckets"), and a test
// that resets a bucket mid-test must keep its clock and faults; a flag widening it to the whole
// sandbox would read as "all buckets". clean is the name the Python plugin's Sandbox.clean() and
// the npm helper's clean() already give this action.
//
// Order and failure: the data step first (it is the one that can fail: NoSuchSnapshot,
// InvalidSnapshotName, SnapshotVersionMismatch, NoFixtures), and a refusal there changes
// nothing else; then the clock (lifecycle rules run, as after PUT /_sandbox/clock), the faults,
// and last the journal and events, so that what the lifecycle run recorded is emptied too.
// It is not one atomic step: a request between two of them sees a partly cleaned sandbox (a
// per-test clean runs between tests).
// Thread safety: the handler is (each part is).
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "s3sandbox/app/faults.hpp"
#include "s3sandbox/control/journal.hpp"
#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/control/state_api.hpp"
#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/notify/event_log.hpp"

namespace s3sandbox::control {

struct CleanControl {
  StateControl state;
  core::SystemClock& clock;
  // Runs after the clock is set back (the lifecycle rules), adding to the clock's answer.
  std::function<void(boost::json::object& clock_answer)> after_clock_change;
  app::FaultInjector& faults;
  Journal* journal = nullptr;  // null with --journal-size 0
  notify::EventLog& events;
};

struct CleanRequest {
  std::string snapshot;   // "" : reset to empty
  bool fixtures = false;  // after an empty reset, import the --fixtures again
};

struct CleanOutcome {
  std::optional<storage::SnapshotInfo> restored;
  std::size_t fixtures_imported = 0;
  std::size_t faults_deleted = 0;
  bool journal_cleared = false;
  boost::json::object clock;  // the clock's state after, with what after_clock_change added
};

// The one clean both the endpoint and s3sandbox::Server::clean run. An error of the data step
// (the store's, or InvalidArgument for snapshot with fixtures) leaves everything as it was.
core::Result<CleanOutcome> clean_sandbox(const CleanControl& control, const CleanRequest& request);

// `control` is copied; what it refers to must outlive the routes.
void add_clean_routes(ControlRoutes& routes, CleanControl control);

}  // namespace s3sandbox::control
