// The request journal: ring bounds, filters and paging, redaction, the JSON Lines file, clear,
// waiters and the blocking wait, the long-poll endpoint.
#include "s3sandbox/control/journal.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "s3sandbox/control/journal_api.hpp"
#include "s3sandbox/router/router.hpp"
#include "unit/router/request_builder.hpp"

namespace s3sandbox::control {
namespace {

using namespace std::chrono_literals;

struct Exchange {
  core::RequestView request;
  app::ExchangeFacts facts;
  core::Completion done;
};

Exchange exchange(std::string target, std::string bucket, std::string key, int status = 200,
                  std::string_view operation = "PutObject",
                  std::string_view auth = "sigv4-header") {
  Exchange x;
  x.request = router::testing::make_request("PUT", std::move(target), "localhost:9000",
                                            {{"User-Agent", "unit"}});
  x.facts.operation = operation;
  x.facts.bucket = std::move(bucket);
  x.facts.key = std::move(key);
  x.facts.auth_kind = auth;
  x.facts.verdict = status == 403 ? "refused" : "ok";
  if (status >= 400) x.facts.error_code = "AccessDenied";
  x.done.status = status;
  return x;
}

void record(Journal& journal, const Exchange& x) {
  journal.on_exchange(app::ExchangeRecord{x.request, x.facts, x.done, x.done.status < 300});
}

std::vector<std::string> keys(const std::vector<JournalEntry>& entries) {
  std::vector<std::string> out;
  for (const JournalEntry& e : entries) out.push_back(e.key);
  return out;
}

TEST(JournalTest, RingKeepsTheLastN) {
  Journal journal(3);
  for (int i = 0; i < 5; ++i)
    record(journal, exchange("/b/k" + std::to_string(i), "b", "k" + std::to_string(i)));
  const JournalPage page = journal.query({});
  EXPECT_EQ(keys(page.entries), (std::vector<std::string>{"k2", "k3", "k4"}));
  EXPECT_EQ(page.entries.front().id, 3u);
  EXPECT_EQ(page.next_since, 5u);
}

TEST(JournalTest, FiltersAndPaging) {
  Journal journal(100);
  record(journal, exchange("/a/x/1", "a", "x/1"));
  record(journal, exchange("/a/y/2", "a", "y/2", 403, "GetObject", "anonymous"));
  record(journal, exchange("/b/x/3", "b", "x/3", 404, "GetObject"));
  record(journal, exchange("/a/x/4", "a", "x/4"));

  JournalFilter f;
  f.bucket = "a";
  EXPECT_EQ(keys(journal.query(f).entries), (std::vector<std::string>{"x/1", "y/2", "x/4"}));
  f.key_prefix = "x/";
  EXPECT_EQ(keys(journal.query(f).entries), (std::vector<std::string>{"x/1", "x/4"}));

  JournalFilter by_op;
  by_op.operation = "getobject";
  EXPECT_EQ(keys(journal.query(by_op).entries), (std::vector<std::string>{"y/2", "x/3"}));
  JournalFilter by_status;
  by_status.status = 403;
  EXPECT_EQ(keys(journal.query(by_status).entries), (std::vector<std::string>{"y/2"}));
  by_status.status_class = true;  // 4xx
  EXPECT_EQ(keys(journal.query(by_status).entries), (std::vector<std::string>{"y/2", "x/3"}));
  JournalFilter by_auth;
  by_auth.auth = "anonymous";
  EXPECT_EQ(keys(journal.query(by_auth).entries), (std::vector<std::string>{"y/2"}));

  JournalFilter newest;
  newest.limit = 2;  // without since: the newest two
  EXPECT_EQ(keys(journal.query(newest).entries), (std::vector<std::string>{"x/3", "x/4"}));
  JournalFilter paged;
  paged.since = 0;
  paged.limit = 3;  // with since: the oldest three after it, and where to go on
  JournalPage first = journal.query(paged);
  EXPECT_EQ(keys(first.entries), (std::vector<std::string>{"x/1", "y/2", "x/3"}));
  EXPECT_EQ(first.next_since, 3u);
  paged.since = first.next_since;
  JournalPage rest = journal.query(paged);
  EXPECT_EQ(keys(rest.entries), (std::vector<std::string>{"x/4"}));
  paged.since = rest.next_since;
  EXPECT_TRUE(journal.query(paged).entries.empty());
  EXPECT_EQ(journal.query(paged).next_since, 4u);
}

TEST(JournalTest, ClearKeepsIdsGrowing) {
  Journal journal(10);
  record(journal, exchange("/b/1", "b", "1"));
  journal.clear();
  EXPECT_TRUE(journal.query({}).entries.empty());
  record(journal, exchange("/b/2", "b", "2"));
  const auto entries = journal.query({}).entries;
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].id, 2u);
}

TEST(JournalTest, SignaturesAndTokensAreRedacted) {
  Journal journal(10);
  const std::string secret_sig = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  record(journal, exchange("/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=TOKEN123"
                           "&X-Amz-Signature=" +
                               secret_sig,
                           "b", "k"));
  record(journal,
         exchange("/b/k2?AWSAccessKeyId=AK&Expires=1&Signature=v2SIGNATURE%3D", "b", "k2"));
  const auto entries = journal.query({}).entries;
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].path,
            "/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=REDACTED"
            "&X-Amz-Signature=REDACTED");
  EXPECT_EQ(entries[1].path, "/b/k2?AWSAccessKeyId=AK&Expires=1&Signature=REDACTED");
  for (const auto& e : entries) {
    const std::string json = boost::json::serialize(to_json(e));
    EXPECT_EQ(json.find(secret_sig), std::string::npos);
    EXPECT_EQ(json.find("TOKEN123"), std::string::npos);
    EXPECT_EQ(json.find("v2SIGNATURE"), std::string::npos);
  }
}

TEST(JournalTest, LongTextsAreCapped) {
  Journal journal(2);
  Exchange x = exchange("/b/k", "b", "k");
  x.request.headers.push_back({"User-Agent", "x"});
  x.request.headers[1].value = std::string(100'000, 'u');
  record(journal, x);
  EXPECT_EQ(journal.query({}).entries.at(0).user_agent.size(), Journal::kMaxShort);
}

TEST(JournalTest, JsonShowsEveryField) {
  Journal journal(2);
  Exchange x =
      exchange("/b/k?partNumber=2&uploadId=u", "b", "k", 200, "UploadPart", "sigv4-presigned");
  x.facts.part_number = 2;
  x.facts.signed_headers = "content-type;host";
  x.facts.time = core::TimePoint(std::chrono::seconds(1'700'000'000));
  x.facts.expires = x.facts.time + 600s;
  x.facts.checksums_promised = "md5,crc32";
  x.done.bytes_in = 5;
  record(journal, x);
  const boost::json::object j = to_json(journal.query({}).entries.at(0));
  EXPECT_EQ(j.at("operation"), "UploadPart");
  EXPECT_EQ(j.at("part_number"), 2);
  EXPECT_EQ(j.at("auth").at("kind"), "sigv4-presigned");
  EXPECT_EQ(j.at("auth").at("signed_headers"), (boost::json::array{"content-type", "host"}));
  EXPECT_EQ(j.at("auth").at("seconds_left"), 600);
  EXPECT_EQ(j.at("auth").at("expires"), "2023-11-14T22:23:20.000Z");
  EXPECT_EQ(j.at("integrity").at("promised"), (boost::json::array{"md5", "crc32"}));
  EXPECT_EQ(j.at("integrity").at("verified"), (boost::json::array{"md5", "crc32"}));
  EXPECT_TRUE(j.at("fault").is_null());
  EXPECT_TRUE(j.at("cors").is_null());
  EXPECT_TRUE(j.at("version_id").is_null());
  EXPECT_EQ(j.at("bytes_in"), 5);
  EXPECT_EQ(j.at("user_agent"), "unit");
}

TEST(JournalTest, JsonLinesFileGetsOneLinePerEntry) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("s3sandbox-journal-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  {
    Journal journal(1);  // the file keeps what the ring forgets
    std::string error;
    ASSERT_TRUE(journal.open_file(path.string(), error)) << error;
    record(journal, exchange("/b/1?X-Amz-Signature=abc", "b", "1"));
    record(journal, exchange("/b/2", "b", "2"));
  }
  std::ifstream in(path);
  std::vector<boost::json::value> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line));
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("key"), "1");
  EXPECT_EQ(lines[0].at("path"), "/b/1?X-Amz-Signature=REDACTED");
  EXPECT_EQ(lines[1].at("id"), 2);

  Journal journal(1);
  std::string error;
  EXPECT_FALSE(journal.open_file("/nonexistent-dir/x.jsonl", error));
  EXPECT_NE(error.find("/nonexistent-dir/x.jsonl"), std::string::npos);
}

TEST(JournalTest, WaitersHearOfMatchingEntriesOnly) {
  Journal journal(10);
  int calls = 0;
  auto waiter = std::make_shared<Journal::Waiter>();
  waiter->filter.key_prefix = "uploads/";
  waiter->on_match = [&] { return ++calls == 2; };  // done at the second
  waiter->done = [] { return false; };
  journal.add_waiter(waiter);
  record(journal, exchange("/b/other", "b", "other"));
  EXPECT_EQ(calls, 0);
  record(journal, exchange("/b/uploads/1", "b", "uploads/1"));
  record(journal, exchange("/b/uploads/2", "b", "uploads/2"));
  record(journal, exchange("/b/uploads/3", "b", "uploads/3"));
  EXPECT_EQ(calls, 2);  // removed once it said it was done
}

TEST(JournalTest, WaitForBlocksUntilAMatchArrivesOrTimesOut) {
  Journal journal(10);
  JournalFilter f;
  f.key_prefix = "late";
  std::thread producer([&] {
    std::this_thread::sleep_for(100ms);
    record(journal, exchange("/b/early", "b", "early"));
    record(journal, exchange("/b/late", "b", "late"));
  });
  const auto before = std::chrono::steady_clock::now();
  const JournalPage page = journal.wait_for(f, 10s);
  producer.join();
  EXPECT_EQ(keys(page.entries), (std::vector<std::string>{"late"}));
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);

  f.key_prefix = "never";
  EXPECT_TRUE(journal.wait_for(f, 100ms).entries.empty());
}

TEST(JournalTest, ConcurrentRecordingKeepsEveryEntry) {
  Journal journal(10'000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&journal, t] {
      for (int i = 0; i < 500; ++i) {
        record(journal, exchange("/b/k", "b", std::to_string(t) + "-" + std::to_string(i)));
      }
    });
  }
  for (auto& t : threads) t.join();
  JournalFilter all;
  all.limit = 10'000;
  const auto entries = journal.query(all).entries;
  ASSERT_EQ(entries.size(), 2000u);
  for (std::size_t i = 0; i < entries.size(); ++i) EXPECT_EQ(entries[i].id, i + 1);
}

// --- the endpoints ---

struct Routed {
  core::RequestView http;
  router::Operation op;
};

Routed routed(std::string method, std::string target) {
  Routed r;
  r.http = router::testing::make_request(std::move(method), std::move(target));
  auto op = router::route(r.http, router::RouterOptions{});
  EXPECT_TRUE(op.has_value());
  if (op) r.op = std::move(*op);
  return r;
}

// A journal with its endpoints, and a long-poll on it for `target` that must be deferred.
struct LongPoll {
  Journal journal{10};
  ControlRoutes routes;
  std::shared_ptr<core::DeferredResponse> later;

  explicit LongPoll(std::string target) {
    add_journal_routes(routes, journal);
    auto r = routed("GET", std::move(target));
    app::SandboxAnswer answer = routes.dispatch_deferrable(r.http, r.op, "");
    if (auto* d = std::get_if<std::shared_ptr<core::DeferredResponse>>(&answer)) later = *d;
  }
};

TEST(JournalApiTest, GetFiltersAndDeleteClears) {
  Journal journal(10);
  ControlRoutes routes;
  add_journal_routes(routes, journal);
  record(journal, exchange("/a/1", "a", "1"));
  record(journal, exchange("/b/2", "b", "2"));
  auto r = routed("GET", "/_sandbox/requests?bucket=b");
  boost::json::value body = boost::json::parse(routes.dispatch(r.http, r.op, "").body);
  ASSERT_EQ(body.at("requests").as_array().size(), 1u);
  EXPECT_EQ(body.at("requests").at(0).at("key"), "2");
  EXPECT_EQ(body.at("next_since"), 2);

  r = routed("GET", "/_sandbox/requests?limit=0");
  EXPECT_EQ(routes.dispatch(r.http, r.op, "").status, 400);
  r = routed("GET", "/_sandbox/requests?wait=soon");
  EXPECT_EQ(routes.dispatch(r.http, r.op, "").status, 400);

  r = routed("DELETE", "/_sandbox/requests");
  EXPECT_EQ(routes.dispatch(r.http, r.op, "").status, 200);
  EXPECT_TRUE(journal.query({}).entries.empty());
}

TEST(JournalApiTest, WaitIsCappedAndParsed) {
  auto r = routed("GET", "/_sandbox/requests?wait=3600&status=5xx&since=7");
  ControlRequest request{r.http, r.op, "", {}};
  auto parsed = parse_journal_query(request);
  ASSERT_TRUE(std::holds_alternative<JournalQuery>(parsed));
  const JournalQuery& q = std::get<JournalQuery>(parsed);
  EXPECT_EQ(q.wait, std::chrono::duration_cast<std::chrono::milliseconds>(kMaxJournalWait));
  EXPECT_EQ(q.filter.status, 500);
  EXPECT_TRUE(q.filter.status_class);
  EXPECT_EQ(q.filter.since, 7u);
}

TEST(JournalApiTest, LongPollIsResolvedByTheMatchingEntry) {
  LongPoll poll("/_sandbox/requests?key=uploads/&wait=30");
  ASSERT_TRUE(poll.later);
  record(poll.journal, exchange("/b/other", "b", "other"));
  EXPECT_TRUE(poll.later->pending());
  record(poll.journal, exchange("/b/uploads/cat.jpg", "b", "uploads/cat.jpg"));
  EXPECT_FALSE(poll.later->pending());
  const boost::json::value body = boost::json::parse(poll.later->settle().body);
  ASSERT_EQ(body.at("requests").as_array().size(), 1u);
  EXPECT_EQ(body.at("requests").at(0).at("key"), "uploads/cat.jpg");

  // Already there: answered at once, not deferred.
  LongPoll again("/_sandbox/requests?key=uploads/&wait=30");
  record(again.journal, exchange("/b/uploads/dog.jpg", "b", "uploads/dog.jpg"));
  auto r = routed("GET", "/_sandbox/requests?key=uploads/&wait=30");
  EXPECT_TRUE(
      std::holds_alternative<core::Response>(again.routes.dispatch_deferrable(r.http, r.op, "")));
}

TEST(JournalApiTest, LongPollDeadlineAnswersWithWhatThereIs) {
  LongPoll poll("/_sandbox/requests?key=never&wait=30");
  ASSERT_TRUE(poll.later);
  const boost::json::value body = boost::json::parse(poll.later->settle().body);  // the deadline
  EXPECT_TRUE(body.at("requests").as_array().empty());
  record(poll.journal, exchange("/b/never", "b", "never"));  // the waiter is gone: nothing breaks
}

}  // namespace
}  // namespace s3sandbox::control
