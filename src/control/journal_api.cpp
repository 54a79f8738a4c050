#include "s3sandbox/control/journal_api.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <thread>

namespace s3sandbox::control {
namespace {

core::Response bad_query(std::string message) {
  return json_error(400, "InvalidJournalQuery", message);
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

core::Response page_response(const JournalPage& page) {
  boost::json::array entries;
  entries.reserve(page.entries.size());
  for (const JournalEntry& e : page.entries) entries.push_back(to_json(e));
  return json_response(
      boost::json::object{{"requests", std::move(entries)}, {"next_since", page.next_since}});
}

// The query's answer once a matching entry is visible. An entry recorded while an older one is
// still being written (another worker, a few microseconds) becomes visible with it: look again
// briefly rather than wait for the next match or the deadline.
std::optional<JournalPage> find_soon(const Journal& journal, const JournalFilter& filter) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    JournalPage page = journal.query(filter);
    if (!page.entries.empty()) return page;
    std::this_thread::yield();
  }
  return std::nullopt;
}

app::SandboxAnswer get_requests(Journal& journal, const ControlRequest& request) {
  auto parsed = parse_journal_query(request);
  if (auto* refusal = std::get_if<core::Response>(&parsed)) return std::move(*refusal);
  const JournalQuery query = std::get<JournalQuery>(std::move(parsed));
  if (query.wait.count() <= 0) return page_response(journal.query(query.filter));

  // Registered before looking, so that an entry recorded in between is not missed.
  auto waiter = std::make_shared<Journal::Waiter>();
  auto later = std::make_shared<core::DeferredResponse>(
      std::chrono::steady_clock::now() + query.wait,
      [&journal, filter = query.filter, waiter] {  // the deadline: what there is (nothing)
        journal.remove_waiter(waiter);
        return page_response(journal.query(filter));
      });
  std::weak_ptr<core::DeferredResponse> weak = later;  // the connection owns it
  waiter->filter = query.filter;
  waiter->on_match = [&journal, filter = query.filter, weak] {
    const auto d = weak.lock();
    if (!d || !d->pending()) return true;
    if (auto page = find_soon(journal, filter)) {
      d->resolve(page_response(*page));
      return true;
    }
    return false;
  };
  waiter->done = [weak] {
    const auto d = weak.lock();
    return !d || !d->pending();
  };
  journal.add_waiter(waiter);
  JournalPage now = journal.query(query.filter);
  if (!now.entries.empty()) {
    journal.remove_waiter(waiter);
    return page_response(now);
  }
  return later;
}

}  // namespace

std::variant<JournalQuery, core::Response> parse_journal_query(const ControlRequest& request) {
  JournalQuery q;
  JournalFilter& f = q.filter;
  if (auto v = request.query("bucket")) f.bucket = std::move(*v);
  if (auto v = request.query("key")) f.key_prefix = std::move(*v);
  if (auto v = request.query("operation")) f.operation = std::move(*v);
  if (auto v = request.query("auth")) f.auth = std::move(*v);
  if (auto v = request.query("status")) {
    std::string text = *v;
    if (text.size() == 3 && (text.ends_with("xx") || text.ends_with("XX"))) {
      f.status_class = true;
      text = text.substr(0, 1) + "00";
    }
    const auto status = parse_count(text);
    if (!status || *status < 100 || *status > 599) {
      return bad_query("status wants an HTTP status (403) or a class (4xx), not '" + *v + "'");
    }
    f.status = static_cast<int>(*status);
  }
  if (auto v = request.query("since")) {
    const auto since = parse_count(*v);
    if (!since) return bad_query("since wants an entry id (next_since of an earlier answer)");
    f.since = *since;
  }
  if (auto v = request.query("limit")) {
    const auto limit = parse_count(*v);
    if (!limit || *limit == 0 || *limit > 100'000) {
      return bad_query("limit wants a number of entries from 1 to 100000, not '" + *v + "'");
    }
    f.limit = static_cast<std::size_t>(*limit);
  }
  if (auto v = request.query("wait")) {
    double seconds = -1;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), seconds);
    if (ec != std::errc() || end != v->data() + v->size() || seconds < 0) {
      return bad_query("wait wants seconds to wait for a matching entry (like 10 or 0.5), not '" +
                       *v + "'");
    }
    const double capped = std::min(seconds, static_cast<double>(kMaxJournalWait.count()));
    q.wait = std::chrono::milliseconds(static_cast<std::int64_t>(capped * 1000));
  }
  return q;
}

void add_journal_routes(ControlRoutes& routes, Journal& journal) {
  routes.add_deferring("GET", "requests",
                       [&journal](const ControlRequest& r) { return get_requests(journal, r); });
  routes.add("DELETE", "requests", [&journal](const ControlRequest&) {
    journal.clear();
    return json_response(boost::json::object{{"cleared", true}});
  });
}

}  // namespace s3sandbox::control
