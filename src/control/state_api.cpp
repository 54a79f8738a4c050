#include "s3sandbox/control/state_api.hpp"

#include <boost/json.hpp>
#include <memory>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {
namespace json = boost::json;
namespace {

json::object describe(const storage::SnapshotInfo& info) {
  return json::object{{"name", info.name},
                      {"created", core::format_iso8601(info.created)},
                      {"objects", info.objects},
                      {"bytes", info.bytes},
                      {"buckets", info.buckets}};
}

// A StateStore error as the control API's JSON refusal.
core::Response refusal(const core::S3Error& e, std::string_view name) {
  const std::string message =
      e.diagnosis.empty() ? std::string(e.effective_message()) : e.diagnosis;
  switch (e.code) {
    case core::ErrorCode::kNoSuchKey:
      return json_error(404, "NoSuchSnapshot", message);
    case core::ErrorCode::kNoSuchBucket:
      return json_error(404, "NoSuchBucket",
                        "the bucket to reset does not exist; GET / with S3 lists the buckets");
    case core::ErrorCode::kInvalidArgument:
      if (!storage::is_valid_snapshot_name(name)) {
        return json_error(400, "InvalidSnapshotName", message);
      }
      return json_error(409, "SnapshotVersionMismatch", message);
    default:
      return json_error(500, "InternalError",
                        "the sandbox could not read or write its data dir; its log says why");
  }
}

bool flag(const ControlRequest& r, std::string_view name) {
  const auto v = r.query(name);
  return v && (*v == "1" || *v == "true" || *v == "yes" || v->empty());
}

}  // namespace

core::Result<ResetOutcome> reset_state(const StateControl& state, const std::string& bucket,
                                       bool fixtures) {
  if (auto r = state.store.reset(bucket); !r) return r.error();
  ResetOutcome out;
  if (fixtures && state.import_fixtures) {
    auto n = state.import_fixtures(bucket);
    if (!n) return n.error();
    out.fixtures_imported = *n;
  }
  return out;
}

void add_state_routes(ControlRoutes& routes, StateControl state) {
  auto s = std::make_shared<StateControl>(std::move(state));
  routes.add("POST", "reset", [s](const ControlRequest& r) {
    const std::string bucket = r.query("bucket").value_or("");
    const bool fixtures = flag(r, "fixtures");
    if (fixtures && !s->import_fixtures) {
      return json_error(400, "NoFixtures",
                        "fixtures=1 re-imports the --fixtures directory, but the sandbox was "
                        "started without --fixtures; reset without fixtures=1");
    }
    auto done = reset_state(*s, bucket, fixtures);
    if (!done) return refusal(done.error(), "");
    return json_response(
        json::object{{"reset", bucket.empty() ? json::value("all") : json::value(bucket)},
                     {"fixtures_imported", done->fixtures_imported}});
  });
  routes.add("GET", "snapshots", [s](const ControlRequest&) {
    auto all = s->store.list_snapshots();
    if (!all) return refusal(all.error(), "");
    json::array list;
    for (const storage::SnapshotInfo& info : *all) list.push_back(describe(info));
    return json_response(json::object{{"snapshots", std::move(list)}});
  });
  routes.add("POST", "snapshots/{name}", [s](const ControlRequest& r) {
    const std::string name(r.path_param("name"));
    auto saved = s->store.save_snapshot(name);
    if (!saved) return refusal(saved.error(), name);
    return json_response(describe(*saved), 201);
  });
  routes.add("GET", "snapshots/{name}", [s](const ControlRequest& r) {
    const std::string name(r.path_param("name"));
    if (!storage::is_valid_snapshot_name(name)) {
      return refusal(core::S3Error(core::ErrorCode::kInvalidArgument, "invalid snapshot name"),
                     name);
    }
    auto all = s->store.list_snapshots();
    if (!all) return refusal(all.error(), name);
    for (const storage::SnapshotInfo& info : *all) {
      if (info.name == name) return json_response(describe(info));
    }
    return json_error(404, "NoSuchSnapshot",
                      "no snapshot named '" + name + "'; GET /_sandbox/snapshots lists them");
  });
  routes.add("POST", "snapshots/{name}/restore", [s](const ControlRequest& r) {
    const std::string name(r.path_param("name"));
    auto restored = s->store.restore_snapshot(name);
    if (!restored) return refusal(restored.error(), name);
    return json_response(json::object{{"restored", describe(*restored)}});
  });
  routes.add("DELETE", "snapshots/{name}", [s](const ControlRequest& r) {
    const std::string name(r.path_param("name"));
    if (auto done = s->store.delete_snapshot(name); !done) return refusal(done.error(), name);
    return json_response(json::object{{"deleted", name}});
  });
}

// For the other state endpoints (control/clean_api.cpp): the same descriptions and refusals.
json::object snapshot_to_json(const storage::SnapshotInfo& info) { return describe(info); }
core::Response state_refusal(const core::S3Error& e, std::string_view name) {
  return refusal(e, name);
}

}  // namespace s3sandbox::control
