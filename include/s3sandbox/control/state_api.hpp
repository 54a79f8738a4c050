// The sandbox state's endpoints: reset and snapshots (storage/state_store.hpp has what they
// guarantee to requests in flight).
//   POST   /_sandbox/reset                    empties everything (a fresh data dir)
//   POST   /_sandbox/reset?bucket=B           empties bucket B (it and its CORS configuration stay)
//          ...&fixtures=1                     then imports the --fixtures again (of B only)
//   GET    /_sandbox/snapshots                {"snapshots": [{name, created, objects, bytes,
//                                             buckets}, ...]}
//   POST   /_sandbox/snapshots/NAME           saves the whole state as NAME (201; replaces NAME)
//   GET    /_sandbox/snapshots/NAME           one snapshot's description
//   POST   /_sandbox/snapshots/NAME/restore   brings NAME back (NAME stays)
//   DELETE /_sandbox/snapshots/NAME           deletes it
// Errors: 400 InvalidSnapshotName, 404 NoSuchSnapshot / NoSuchBucket, 409 SnapshotVersionMismatch.
// Thread safety: the handlers are (StateStore is).
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "s3sandbox/control/routes.hpp"
#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/state_store.hpp"

namespace s3sandbox::control {

struct StateControl {
  storage::StateStore& store;
  // Imports the --fixtures again: all of them ("") or one bucket's; empty without --fixtures.
  std::function<core::Result<std::size_t>(const std::string& bucket)> import_fixtures;
};

struct ResetOutcome {
  std::size_t fixtures_imported = 0;
};

// The one reset both the endpoint and s3sandbox::Server::reset run: the store's reset, then
// (with `fixtures`) the import. Not one atomic step: a request between the two sees the
// emptied state.
core::Result<ResetOutcome> reset_state(const StateControl& state, const std::string& bucket,
                                       bool fixtures);

// A snapshot as GET /_sandbox/snapshots lists it: name, created, objects, bytes, buckets.
boost::json::object snapshot_to_json(const storage::SnapshotInfo& info);

// A StateStore error as the control API's JSON refusal (`name`: the snapshot asked for, if any):
// 400 InvalidSnapshotName, 404 NoSuchSnapshot / NoSuchBucket, 409 SnapshotVersionMismatch, 500.
core::Response state_refusal(const core::S3Error& e, std::string_view name);

// `state` is copied; its store must outlive the routes.
void add_state_routes(ControlRoutes& routes, StateControl state);

}  // namespace s3sandbox::control
