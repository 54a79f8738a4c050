// Fault rules (app/faults.hpp): the --fault syntax and its errors, the text a rule is written
// back as, the key glob, and the injector's matching and limits (times, seeded probability,
// expiry, the armed flag the request path reads).
#include <gtest/gtest.h>

#include "s3sandbox/app/faults.hpp"

namespace s3sandbox::app {
namespace {

FaultRule parse_ok(std::string_view text) {
  auto rule = parse_fault_rule(text);
  EXPECT_TRUE(rule.has_value()) << text << ": "
                                << (rule ? "" : std::string(rule.error().effective_message()));
  return rule ? *rule : FaultRule{};
}

std::string parse_error(std::string_view text) {
  auto rule = parse_fault_rule(text);
  EXPECT_FALSE(rule.has_value()) << text;
  return rule ? "" : std::string(rule.error().effective_message());
}

TEST(FaultRuleParse, TheIssueExample) {
  const FaultRule r = parse_ok("operation=UploadPart,part=2,times=1,error=InternalError");
  EXPECT_EQ(r.match.operation, "UploadPart");
  EXPECT_EQ(r.match.part, 2u);
  EXPECT_EQ(r.limits.times, 1u);
  EXPECT_EQ(r.action.error, core::ErrorCode::kInternalError);
  EXPECT_FALSE(r.action.after_body);
}

TEST(FaultRuleParse, EveryKey) {
  const FaultRule r = parse_ok(
      "operation=putobject, method=put, bucket=media, key=uploads/*.jpg, auth=sigv4-presigned,"
      "access-key=AK1, error=SlowDown, status=500, message=\"busy, try later\", when=after-body,"
      "delay=1.5s, throttle=64KiB/s, direction=request, probability=0.25, seed=7, expires=+10m");
  EXPECT_EQ(r.match.operation, "PutObject");  // the table's spelling
  EXPECT_EQ(r.match.method, "PUT");
  EXPECT_EQ(r.match.bucket, "media");
  EXPECT_EQ(r.match.key_glob, "uploads/*.jpg");
  EXPECT_EQ(r.match.auth, "sigv4-presigned");
  EXPECT_EQ(r.match.access_key, "AK1");
  EXPECT_EQ(r.action.error, core::ErrorCode::kSlowDown);
  EXPECT_EQ(r.action.status, 500);
  EXPECT_EQ(r.action.message, "busy, try later");
  EXPECT_TRUE(r.action.after_body);
  EXPECT_EQ(r.action.delay, std::chrono::milliseconds(1500));
  EXPECT_EQ(r.action.throttle, 64u * 1024);
  EXPECT_EQ(r.action.direction, FaultDirection::kRequest);
  EXPECT_DOUBLE_EQ(r.limits.probability, 0.25);
  EXPECT_EQ(r.limits.seed, 7u);
  EXPECT_EQ(r.limits.expires_after, std::chrono::minutes(10));
}

TEST(FaultRuleParse, SizesRatesAndDurations) {
  EXPECT_EQ(parse_ok("reset-after=1MiB").action.reset_after, 1u << 20);
  EXPECT_EQ(parse_ok("reset-after=2KB").action.reset_after, 2000u);
  EXPECT_EQ(parse_ok("truncate=100").action.truncate, 100u);
  EXPECT_EQ(parse_ok("truncate=0").action.truncate, 0u);
  EXPECT_EQ(parse_ok("throttle=1.5MB/s").action.throttle, 1'500'000u);
  EXPECT_EQ(parse_ok("delay=250ms").action.delay, std::chrono::milliseconds(250));
  EXPECT_EQ(parse_ok("delay=2m").action.delay, std::chrono::minutes(2));
  EXPECT_TRUE(parse_ok("error=SlowDown,expires=2030-01-31T12:00:00Z").limits.expires);
}

TEST(FaultRuleParse, ErrorsNameTheKeyAndWhatItWants) {
  EXPECT_NE(parse_error("operaton=PutObject,error=SlowDown").find("did you mean operation?"),
            std::string::npos);
  EXPECT_NE(parse_error("operation=UploadParts,error=SlowDown").find("did you mean UploadPart?"),
            std::string::npos);
  EXPECT_NE(parse_error("error=SlowDwn").find("error wants an S3 error code"), std::string::npos);
  EXPECT_NE(parse_error("operation=PutObject").find("no action"), std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,truncate=10").find("one of them"), std::string::npos);
  EXPECT_NE(parse_error("reset-after=1,truncate=10").find("give one"), std::string::npos);
  EXPECT_NE(parse_error("delay=2").find("delay wants a duration"), std::string::npos);
  EXPECT_NE(parse_error("throttle=64KiB").find("throttle wants a rate"), std::string::npos);
  EXPECT_NE(parse_error("truncate=lots").find("truncate wants a byte count"), std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,probability=1.5").find("probability wants"),
            std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,times=0").find("times wants"), std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,part=0").find("part wants"), std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,auth=sigv4").find("auth wants"), std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,status=200").find("status wants"), std::string::npos);
  EXPECT_NE(parse_error("delay=1s,status=503").find("go with error=CODE"), std::string::npos);
  EXPECT_NE(parse_error("truncate=1,direction=request").find("cuts the response"),
            std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,error=InternalError").find("twice"), std::string::npos);
  EXPECT_NE(parse_error("error=SlowDown,expires=-5m").find("expires wants"), std::string::npos);
  EXPECT_NE(parse_error("error").find("not key=value"), std::string::npos);
  EXPECT_NE(parse_error("message=\"open").find("closing quote"), std::string::npos);
  EXPECT_NE(parse_error("").find("empty"), std::string::npos);
  EXPECT_NE(parse_error("bucket=,error=SlowDown").find("empty value"), std::string::npos);
}

TEST(FaultRuleParse, JsonFieldsTakeUnderscoresToo) {
  auto rule = parse_fault_fields({{"operation", "GetObject"}, {"reset_after", "1MiB"}});
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->action.reset_after, 1u << 20);
}

TEST(FaultRuleParse, SpecRoundTrips) {
  for (std::string_view text :
       {"operation=UploadPart,part=2,error=InternalError,times=1",
        "key=\"a,b*\",delay=250ms,throttle=64KiB/s,direction=response",
        "bucket=b,error=SlowDown,message=\"say \\\"hi\\\", ok\",when=after-body,probability=0.5,"
        "seed=7",
        "method=GET,reset-after=1MiB,expires=+10m"}) {
    const FaultRule rule = parse_ok(text);
    EXPECT_EQ(rule.spec(), text);
    EXPECT_EQ(parse_ok(rule.spec()).spec(), rule.spec());
  }
}

TEST(FaultGlob, Matches) {
  EXPECT_TRUE(glob_match("uploads/*.jpg", "uploads/a/b.jpg"));
  EXPECT_FALSE(glob_match("uploads/*.jpg", "uploads/a.png"));
  EXPECT_TRUE(glob_match("?at", "cat"));
  EXPECT_FALSE(glob_match("?at", "at"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(glob_match("exact", "exact"));
  EXPECT_FALSE(glob_match("exact", "exactly"));
}

FaultRequest put(std::string_view key, std::optional<std::uint32_t> part = std::nullopt) {
  return FaultRequest{
      part ? "UploadPart" : "PutObject", "PUT", "media", key, part, "sigv4-header", "AK1"};
}

TEST(FaultInjector, DisarmedUntilARuleIsAdded) {
  FaultInjector faults;
  EXPECT_FALSE(faults.armed());
  EXPECT_FALSE(faults.match(put("k")));
  faults.add(parse_ok("error=SlowDown"));
  EXPECT_TRUE(faults.armed());
  faults.clear();
  EXPECT_FALSE(faults.armed());
}

TEST(FaultInjector, MatchesEveryGivenField) {
  FaultInjector faults;
  const auto id = faults
                      .add(parse_ok("operation=UploadPart,part=2,bucket=media,key=up/*,"
                                    "auth=sigv4-header,access-key=AK1,method=PUT,error=SlowDown"))
                      .id;
  EXPECT_FALSE(faults.match(put("up/x", 1)));
  EXPECT_FALSE(faults.match(put("down/x", 2)));
  FaultRequest other_key = put("up/x", 2);
  other_key.access_key = "AK2";
  EXPECT_FALSE(faults.match(other_key));
  FaultRequest presigned = put("up/x", 2);
  presigned.auth = "sigv4-presigned";
  EXPECT_FALSE(faults.match(presigned));
  const auto hit = faults.match(put("up/x", 2));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->rule_id, id);
  EXPECT_EQ(hit->description, "#" + std::to_string(id) +
                                  " operation=UploadPart,method=PUT,bucket=media,key=up/*,"
                                  "part=2,auth=sigv4-header,access-key=AK1,error=SlowDown");
}

TEST(FaultInjector, TimesUsesTheRuleUpAndListsIt) {
  FaultInjector faults;
  faults.add(parse_ok("operation=PutObject,times=2,error=SlowDown"));
  EXPECT_TRUE(faults.match(put("k")));
  EXPECT_TRUE(faults.match(put("k")));
  EXPECT_FALSE(faults.match(put("k")));
  EXPECT_FALSE(faults.armed());  // used up: back to one load per request
  const auto listed = faults.list();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].hits, 2u);
  EXPECT_EQ(listed[0].remaining, 0u);
  EXPECT_FALSE(listed[0].active);
}

TEST(FaultInjector, FirstMatchingRuleWins) {
  FaultInjector faults;
  const auto first = faults.add(parse_ok("operation=PutObject,times=1,error=SlowDown")).id;
  const auto second = faults.add(parse_ok("error=InternalError")).id;
  EXPECT_EQ(faults.match(put("k"))->rule_id, first);
  EXPECT_EQ(faults.match(put("k"))->rule_id, second);
  EXPECT_TRUE(faults.remove(second));
  EXPECT_FALSE(faults.remove(second));
  EXPECT_FALSE(faults.match(put("k")));
}

std::vector<bool> pattern_of(std::uint64_t seed) {
  FaultInjector faults;
  faults.add(parse_ok("error=SlowDown,probability=0.5,seed=" + std::to_string(seed)));
  std::vector<bool> hits;
  for (int i = 0; i < 64; ++i) hits.push_back(faults.match(put("k")).has_value());
  return hits;
}

TEST(FaultInjector, ProbabilityWithASeedIsReproducible) {
  const auto a = pattern_of(7);
  EXPECT_EQ(a, pattern_of(7));
  EXPECT_NE(a, pattern_of(8));
  const auto n = std::count(a.begin(), a.end(), true);
  EXPECT_GT(n, 16);  // about half of 64
  EXPECT_LT(n, 48);
}

TEST(FaultInjector, ProbabilityWithoutASeedGetsOneToReport) {
  FaultInjector faults;
  const auto state = faults.add(parse_ok("error=SlowDown,probability=0.5"));
  ASSERT_TRUE(state.rule.limits.seed);
  EXPECT_NE(state.rule.spec().find("seed="), std::string::npos);
}

TEST(FaultInjector, ExpiredRulesStop) {
  core::TimePoint now = std::chrono::system_clock::now();
  FaultInjector faults([&now] { return now; });
  const auto state = faults.add(parse_ok("error=SlowDown,expires=+10m"));
  ASSERT_TRUE(state.rule.limits.expires);  // made absolute when added
  EXPECT_EQ(*state.rule.limits.expires, now + std::chrono::minutes(10));
  EXPECT_TRUE(faults.match(put("k")));
  now += std::chrono::minutes(11);
  EXPECT_FALSE(faults.list()[0].active);
  EXPECT_FALSE(faults.match(put("k")));
  EXPECT_FALSE(faults.armed());
}

TEST(FaultInjector, AuthKindsOfTheAuthenticatorsSchemes) {
  EXPECT_EQ(fault_auth_kind("sigv4-query"), "sigv4-presigned");
  EXPECT_EQ(fault_auth_kind("sigv2-query"), "sigv2-presigned");
  EXPECT_EQ(fault_auth_kind("sigv4-header"), "sigv4-header");
  EXPECT_EQ(fault_auth_kind("post-policy"), "post-policy");
  EXPECT_EQ(fault_auth_kind("anonymous"), "anonymous");
}

}  // namespace
}  // namespace s3sandbox::app
