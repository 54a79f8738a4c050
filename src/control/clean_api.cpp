#include "s3sandbox/control/clean_api.hpp"

#include <boost/json.hpp>
#include <memory>
#include <utility>

#include "s3sandbox/control/clock_api.hpp"

namespace s3sandbox::control {
namespace json = boost::json;
namespace {

bool flag(const ControlRequest& r, std::string_view name) {
  const auto v = r.query(name);
  return v && (*v == "1" || *v == "true" || *v == "yes" || v->empty());
}

}  // namespace

core::Result<CleanOutcome> clean_sandbox(const CleanControl& control, const CleanRequest& request) {
  CleanOutcome out;
  // The data first: the only step that can be refused, and a refusal must change nothing else.
  if (!request.snapshot.empty()) {
    if (request.fixtures) {
      return core::S3Error(core::ErrorCode::kInvalidArgument,
                           "snapshot and fixtures=1 exclude each other: a snapshot holds the "
                           "objects it was saved with");
    }
    auto restored = control.state.store.restore_snapshot(request.snapshot);
    if (!restored) return restored.error();
    out.restored = std::move(*restored);
  } else {
    auto reset = reset_state(control.state, "", request.fixtures);
    if (!reset) return reset.error();
    out.fixtures_imported = reset->fixtures_imported;
  }
  // As PUT /_sandbox/clock?offset=0: real time, running; the lifecycle rules run on the new data.
  control.clock.set_offset(std::chrono::seconds{0});
  out.clock = clock_state_json(control.clock);
  if (control.after_clock_change) control.after_clock_change(out.clock);
  out.faults_deleted = control.faults.clear();
  // Last, so that what the lifecycle run recorded goes too.
  if (control.journal != nullptr) {
    control.journal->clear();
    out.journal_cleared = true;
  }
  control.events.clear();
  return out;
}

namespace {

// The answer to POST /_sandbox/clean[?snapshot=NAME][&fixtures=1].
core::Response clean_answer(const CleanControl& control, const ControlRequest& r) {
  CleanRequest request;
  request.snapshot = r.query("snapshot").value_or("");
  request.fixtures = flag(r, "fixtures");
  if (r.query("snapshot") && request.snapshot.empty()) {
    return json_error(400, "InvalidSnapshotName",
                      "snapshot= names the snapshot to restore; leave it out to clean to an "
                      "empty sandbox");
  }
  if (!request.snapshot.empty() && request.fixtures) {
    return json_error(400, "InvalidCleanRequest",
                      "snapshot=NAME and fixtures=1 exclude each other: restore a snapshot "
                      "saved with the fixtures in it, or clean with fixtures=1 alone");
  }
  if (request.fixtures && !control.state.import_fixtures) {
    return json_error(400, "NoFixtures",
                      "fixtures=1 re-imports the --fixtures directory, but the sandbox was "
                      "started without --fixtures; clean without fixtures=1");
  }
  auto done = clean_sandbox(control, request);
  if (!done) return state_refusal(done.error(), request.snapshot);
  return json_response(json::object{
      {"data", done->restored ? "restored" : "reset"},
      {"snapshot",
       done->restored ? json::value(snapshot_to_json(*done->restored)) : json::value(nullptr)},
      {"fixtures_imported", done->fixtures_imported},
      {"clock", std::move(done->clock)},
      {"faults_deleted", done->faults_deleted},
      {"journal_cleared", done->journal_cleared},
      {"events_cleared", true},
  });
}

}  // namespace

void add_clean_routes(ControlRoutes& routes, CleanControl control) {
  auto c = std::make_shared<CleanControl>(std::move(control));
  routes.add("POST", "clean", [c](const ControlRequest& r) {
    core::Response answer = clean_answer(*c, r);
    // Marks the start of a test in the access log: every line of a request answered before it
    // is written first (the pytest plugin's log() starts after this call's line).
    answer.flush_access_logs = true;
    return answer;
  });
}

}  // namespace s3sandbox::control
