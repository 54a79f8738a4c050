// POST /_sandbox/clean (control/clean_api.hpp): one call resets the data (or restores a
// snapshot), sets the clock back, removes the fault rules and empties the journal and the event
// record; a refused data step changes nothing; the control API's access rule applies.
#include "s3sandbox/control/clean_api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "s3sandbox/control/sandbox_api.hpp"
#include "s3sandbox/router/router.hpp"
#include "unit/router/request_builder.hpp"

namespace s3sandbox::control {
namespace {

using namespace std::chrono_literals;

// Records what was asked of it; "base" is the one snapshot it has.
class FakeStore final : public storage::StateStore {
 public:
  std::vector<std::string> resets;
  std::vector<std::string> restores;

  core::Result<void> reset(const std::string& bucket) override {
    resets.push_back(bucket);
    return {};
  }
  core::Result<storage::SnapshotInfo> save_snapshot(const std::string& name) override {
    return storage::SnapshotInfo{name, {}, 0, 0, 0};
  }
  core::Result<storage::SnapshotInfo> restore_snapshot(const std::string& name) override {
    if (!storage::is_valid_snapshot_name(name)) {
      return core::S3Error(core::ErrorCode::kInvalidArgument, "invalid snapshot name");
    }
    if (name != "base") {
      return core::S3Error(core::ErrorCode::kNoSuchKey, "no snapshot named '" + name + "'");
    }
    restores.push_back(name);
    return storage::SnapshotInfo{name, {}, 3, 30, 1};
  }
  core::Result<std::vector<storage::SnapshotInfo>> list_snapshots() override {
    return std::vector<storage::SnapshotInfo>{};
  }
  core::Result<void> delete_snapshot(const std::string&) override { return {}; }
};

class CleanApi : public ::testing::Test {
 protected:
  void SetUp() override { add_clean_routes(routes_, control(&journal_, {})); }

  CleanControl control(Journal* journal,
                       std::function<core::Result<std::size_t>(const std::string&)> fixtures) {
    return CleanControl{StateControl{store_, std::move(fixtures)},
                        clock_,
                        [this](boost::json::object& answer) {
                          ++lifecycle_runs_;
                          answer["lifecycle"] = "ran";
                        },
                        faults_,
                        journal,
                        events_};
  }

  // Everything a test leaves behind: data, a moved and frozen clock, a rule, an entry, an event.
  void dirty() {
    clock_.set_offset(2h);
    clock_.freeze_now();
    faults_.add(*app::parse_fault_rule("operation=GetObject,error=SlowDown"));
    const auto request = router::testing::make_request("GET", "/b/k", "localhost:9000", {});
    app::ExchangeFacts facts;
    facts.operation = "GetObject";
    core::Completion done;
    done.status = 200;
    journal_.on_exchange(app::ExchangeRecord{request, facts, done, true});
    notify::EventRecord event;
    event.bucket = "b";
    event.event_name = "ObjectCreated:Put";
    events_.add(std::move(event));
    ASSERT_EQ(journal_.query({}).entries.size(), 1u);
  }

  core::Response call(const ControlRoutes& routes, std::string method, std::string target) {
    core::RequestView http =
        router::testing::make_request(std::move(method), std::move(target), "localhost:9000", {});
    auto op = router::route(http, router::RouterOptions{});
    EXPECT_TRUE(op.has_value());
    return routes.dispatch(http, *op, "");
  }
  core::Response call(std::string method, std::string target) {
    return call(routes_, std::move(method), std::move(target));
  }
  static boost::json::object json(const core::Response& r) {
    return boost::json::parse(r.body).as_object();
  }

  FakeStore store_;
  core::SystemClock clock_;
  app::FaultInjector faults_;
  Journal journal_{100};
  notify::EventLog events_;
  int lifecycle_runs_ = 0;
  ControlRoutes routes_;
};

TEST_F(CleanApi, OneCallCleansEverything) {
  dirty();
  const auto r = call("POST", "/_sandbox/clean");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(store_.resets, (std::vector<std::string>{""}));  // everything, not one bucket
  EXPECT_TRUE(store_.restores.empty());
  EXPECT_EQ(clock_.offset(), 0s);
  EXPECT_FALSE(clock_.frozen_at().has_value());
  EXPECT_EQ(lifecycle_runs_, 1);
  EXPECT_TRUE(faults_.list().empty());
  EXPECT_FALSE(faults_.armed());
  EXPECT_TRUE(journal_.query({}).entries.empty());
  EXPECT_TRUE(events_.list({}).empty());

  const auto answer = json(r);
  EXPECT_EQ(answer.at("data").as_string(), "reset");
  EXPECT_TRUE(answer.at("snapshot").is_null());
  EXPECT_EQ(answer.at("faults_deleted").to_number<int>(), 1);
  EXPECT_TRUE(answer.at("journal_cleared").as_bool());
  EXPECT_TRUE(answer.at("events_cleared").as_bool());
  EXPECT_EQ(answer.at("clock").at("offset_seconds").to_number<int>(), 0);
  EXPECT_FALSE(answer.at("clock").at("frozen").as_bool());
  EXPECT_EQ(answer.at("clock").at("lifecycle").as_string(), "ran");
}

TEST_F(CleanApi, ASnapshotIsRestoredInsteadOfEmptying) {
  dirty();
  const auto r = call("POST", "/_sandbox/clean?snapshot=base");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(store_.resets.empty());
  EXPECT_EQ(store_.restores, (std::vector<std::string>{"base"}));
  EXPECT_EQ(json(r).at("data").as_string(), "restored");
  EXPECT_EQ(json(r).at("snapshot").at("name").as_string(), "base");
  EXPECT_EQ(json(r).at("snapshot").at("objects").to_number<int>(), 3);
  EXPECT_EQ(clock_.offset(), 0s);
  EXPECT_TRUE(faults_.list().empty());
  EXPECT_TRUE(journal_.query({}).entries.empty());
  EXPECT_TRUE(events_.list({}).empty());
}

TEST_F(CleanApi, ARefusedSnapshotChangesNothing) {
  dirty();
  const auto missing = call("POST", "/_sandbox/clean?snapshot=nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json(missing).at("error").at("code").as_string(), "NoSuchSnapshot");
  const auto invalid = call("POST", "/_sandbox/clean?snapshot=..bad");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(json(invalid).at("error").at("code").as_string(), "InvalidSnapshotName");
  const auto empty = call("POST", "/_sandbox/clean?snapshot=");
  EXPECT_EQ(empty.status, 400);
  const auto both = call("POST", "/_sandbox/clean?snapshot=base&fixtures=1");
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(json(both).at("error").at("code").as_string(), "InvalidCleanRequest");
  const auto no_fixtures = call("POST", "/_sandbox/clean?fixtures=1");
  EXPECT_EQ(no_fixtures.status, 400);
  EXPECT_EQ(json(no_fixtures).at("error").at("code").as_string(), "NoFixtures");

  EXPECT_TRUE(store_.resets.empty());
  EXPECT_TRUE(store_.restores.empty());
  EXPECT_EQ(clock_.offset(), 2h);
  EXPECT_TRUE(clock_.frozen_at().has_value());
  EXPECT_EQ(lifecycle_runs_, 0);
  EXPECT_EQ(faults_.list().size(), 1u);
  EXPECT_EQ(journal_.query({}).entries.size(), 1u);
  EXPECT_EQ(events_.list({}).size(), 1u);
}

TEST_F(CleanApi, FixturesAreImportedAgainAfterTheReset) {
  ControlRoutes routes;
  std::vector<std::string> imported;
  add_clean_routes(routes, control(&journal_, [&](const std::string& bucket) {
                     imported.push_back(bucket);
                     return core::Result<std::size_t>(std::size_t{4});
                   }));
  const auto r = call(routes, "POST", "/_sandbox/clean?fixtures=1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(store_.resets, (std::vector<std::string>{""}));
  EXPECT_EQ(imported, (std::vector<std::string>{""}));
  EXPECT_EQ(json(r).at("fixtures_imported").to_number<int>(), 4);
}

TEST_F(CleanApi, WithoutAJournalTheRestIsStillCleaned) {
  ControlRoutes routes;
  add_clean_routes(routes, control(nullptr, {}));
  faults_.add(*app::parse_fault_rule("error=SlowDown"));
  const auto r = call(routes, "POST", "/_sandbox/clean");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(json(r).at("journal_cleared").as_bool());
  EXPECT_TRUE(faults_.list().empty());
}

TEST_F(CleanApi, OnlyPost) {
  const auto r = call("GET", "/_sandbox/clean");
  EXPECT_EQ(r.status, 405);
  EXPECT_TRUE(store_.resets.empty());
}

// The control API's rule, as for every other endpoint: a client off loopback is refused (and
// nothing is cleaned) unless the control API was opened or it presents the token.
TEST_F(CleanApi, TheControlAccessRuleApplies) {
  for (const bool open : {false, true}) {
    ControlAccess access;
    if (open) access.exposure = ControlExposure::kOpen;
    SandboxApiImpl api(SandboxInfo{}, access);
    add_clean_routes(api.routes(), control(&journal_, {}));
    faults_.add(*app::parse_fault_rule("error=SlowDown"));
    core::RequestView http =
        router::testing::make_request("POST", "/_sandbox/clean", "localhost:9000", {});
    http.remote_address = "192.168.1.20:5000";
    auto op = router::route(http, router::RouterOptions{});
    ASSERT_TRUE(op.has_value());
    auto answer = api.start(http, *op);
    ASSERT_TRUE(answer.has_value());
    const auto& r = std::get<core::Response>(*answer);
    if (open) {
      EXPECT_EQ(r.status, 200) << r.body;
      EXPECT_TRUE(faults_.list().empty());
    } else {
      EXPECT_EQ(r.status, 403) << r.body;
      EXPECT_NE(r.body.find("ControlAccessDenied"), std::string::npos);
      EXPECT_EQ(faults_.list().size(), 1u);
      EXPECT_TRUE(store_.resets.empty());
    }
  }
}

}  // namespace
}  // namespace s3sandbox::control
