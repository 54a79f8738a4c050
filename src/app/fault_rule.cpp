// The fault rule syntax (app/faults.hpp): parsing "key=value,..." and the JSON API's pairs into a
// FaultRule, with errors that name the key at fault and what it wants; and the rule back to text.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "s3sandbox/app/faults.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/router/operation.hpp"

namespace s3sandbox::app {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

core::S3Error bad(std::string message) {
  return core::S3Error(core::ErrorCode::kInvalidArgument, std::move(message));
}

// Every key, in the order fields() writes them.
constexpr std::string_view kKeys[] = {
    "operation", "method",    "bucket",  "key",         "part",  "auth",     "access-key",
    "error",     "status",    "message", "when",        "delay", "throttle", "reset-after",
    "truncate",  "direction", "times",   "probability", "seed",  "expires"};

std::string key_list() {
  std::string out;
  for (std::string_view k : kKeys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean X?)" for the closest candidate within a few edits, else "".
template <class Names>
std::string suggestion(std::string_view wrong, const Names& names) {
  std::string_view best;
  std::size_t best_distance = 4;
  for (std::string_view name : names) {
    const std::size_t d = edit_distance(wrong, name);
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best.empty() ? "" : " (did you mean " + std::string(best) + "?)";
}

std::optional<std::uint64_t> parse_uint(std::string_view text) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

// A non-negative decimal number followed by a unit (returned in `unit`).
std::optional<long double> parse_number(std::string_view text, std::string_view& unit) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + i, value);
  if (ec != std::errc() || end != text.data() + i || !std::isfinite(value)) return std::nullopt;
  unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  return value;
}

// "100", "64KiB", "1MiB", "1.5MB" -> bytes.
std::optional<std::uint64_t> parse_size(std::string_view text) {
  std::string_view unit;
  const auto number = parse_number(text, unit);
  if (!number) return std::nullopt;
  static constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {{"", 1},
                                                                          {"b", 1},
                                                                          {"kb", 1000},
                                                                          {"kib", 1024},
                                                                          {"mb", 1000'000},
                                                                          {"mib", 1ull << 20},
                                                                          {"gb", 1000'000'000},
                                                                          {"gib", 1ull << 30}};
  const std::string lower = core::to_lower(unit);
  for (const auto& [name, factor] : kUnits) {
    if (lower == name) {
      const long double bytes = *number * static_cast<long double>(factor);
      if (bytes > 1e18L) return std::nullopt;
      return static_cast<std::uint64_t>(std::llround(bytes));
    }
  }
  return std::nullopt;
}

// "2s", "250ms", "1.5s", "1m", "1h" -> milliseconds.
std::optional<std::chrono::milliseconds> parse_millis(std::string_view text) {
  std::string_view unit;
  const auto number = parse_number(text, unit);
  if (!number) return std::nullopt;
  long double factor = 0;
  if (unit == "ms") factor = 1;
  if (unit == "s") factor = 1000;
  if (unit == "m") factor = 60'000;
  if (unit == "h") factor = 3'600'000;
  if (factor == 0 || *number * factor > 1e12L) return std::nullopt;
  return std::chrono::milliseconds(std::llround(*number * factor));
}

std::string format_size(std::uint64_t bytes) {
  static constexpr std::pair<std::string_view, std::uint64_t> kUnits[] = {
      {"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1024}};
  for (const auto& [name, factor] : kUnits) {
    if (bytes != 0 && bytes % factor == 0)
      return std::to_string(bytes / factor) + std::string(name);
  }
  return std::to_string(bytes);
}

std::string format_millis(std::chrono::milliseconds d) {
  const auto ms = d.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string format_double(double value) {
  char digits[32];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  return std::string(digits, ec == std::errc() ? end : digits);
}

// A value with a comma, a quote or surrounding spaces is written quoted.
std::string quote_if_needed(const std::string& value) {
  const bool plain = value.find_first_of(",\"\\") == std::string::npos &&
                     (value.empty() || (value.front() != ' ' && value.back() != ' '));
  if (plain) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Splits "k=v,k=\"v,w\"" into pairs.
core::Result<Fields> split_spec(std::string_view text) {
  Fields fields;
  std::size_t i = 0;
  const auto skip_spaces = [&] {
    while (i < text.size() && text[i] == ' ') ++i;
  };
  while (true) {
    skip_spaces();
    if (i >= text.size()) break;
    const std::size_t eq = text.find('=', i);
    const std::size_t comma = text.find(',', i);
    if (eq == std::string_view::npos || (comma != std::string_view::npos && comma < eq)) {
      const std::string_view item =
          text.substr(i, comma == std::string_view::npos ? text.npos : comma - i);
      return bad("'" + std::string(item) + "' is not key=value; write the rule as key=value " +
                 "pairs separated by commas, e.g. operation=PutObject,error=SlowDown");
    }
    std::string key(text.substr(i, eq - i));
    while (!key.empty() && key.back() == ' ') key.pop_back();
    i = eq + 1;
    skip_spaces();
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      for (; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          value += text[++i];
        } else if (text[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value += text[i];
        }
      }
      if (!closed) return bad("the quoted value of " + key + " has no closing quote");
      skip_spaces();
      if (i < text.size() && text[i] != ',') {
        return bad("after the quoted value of " + key + " comes a comma or the end of the rule");
      }
    } else {
      const std::size_t end = text.find(',', i);
      value = std::string(text.substr(i, end == std::string_view::npos ? text.npos : end - i));
      while (!value.empty() && value.back() == ' ') value.pop_back();
      i = end == std::string_view::npos ? text.size() : end;
    }
    fields.emplace_back(std::move(key), std::move(value));
    if (i < text.size()) ++i;  // the comma
  }
  return fields;
}

struct Parser {
  FaultRule rule;
  std::optional<core::S3Error> error;

  void fail(std::string message) {
    if (!error) error = bad(std::move(message));
  }

  void set(const std::string& key, const std::string& value) {
    FaultMatch& m = rule.match;
    FaultAction& a = rule.action;
    FaultLimits& l = rule.limits;
    if (value.empty()) return fail(key + " has an empty value");
    if (key == "operation") return set_operation(value);
    if (key == "method") {
      m.method = value;
      std::transform(m.method.begin(), m.method.end(), m.method.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (m.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
        fail("method wants an HTTP method like GET or PUT, got '" + value + "'");
      return;
    }
    if (key == "bucket") {
      m.bucket = value;
      return;
    }
    if (key == "key") {
      m.key_glob = value;
      return;
    }
    if (key == "part") {
      const auto n = parse_uint(value);
      if (!n || *n < 1 || *n > 10000)
        return fail("part wants a part number from 1 to 10000, got '" + value + "'");
      m.part = static_cast<std::uint32_t>(*n);
      return;
    }
    if (key == "auth") {
      for (std::string_view kind : kFaultAuthKinds) {
        if (value == kind) {
          m.auth = value;
          return;
        }
      }
      return fail(
          "auth wants one of sigv4-header, sigv4-presigned, sigv2-header, "
          "sigv2-presigned, post-policy, anonymous; got '" +
          value + "'" + suggestion(value, kFaultAuthKinds));
    }
    if (key == "access-key") {
      m.access_key = value;
      return;
    }
    if (key == "error") {
      a.error = core::error_code_named(value);
      if (!a.error) {
        return fail(
            "error wants an S3 error code s3sandbox knows, such as SlowDown (503), "
            "InternalError (500), ServiceUnavailable (503), RequestTimeout (400) or "
            "AccessDenied (403); got '" +
            value + "'");
      }
      return;
    }
    if (key == "status") {
      const auto n = parse_uint(value);
      if (!n || *n < 400 || *n > 599)
        return fail("status wants an HTTP error status from 400 to 599, got '" + value + "'");
      a.status = static_cast<int>(*n);
      return;
    }
    if (key == "message") {
      a.message = value;
      return;
    }
    if (key == "when") {
      if (value == "before-body") {
        a.after_body = false;
      } else if (value == "after-body") {
        a.after_body = true;
      } else {
        fail(
            "when wants before-body (answer without reading the body) or after-body (read "
            "the body, discard it, then answer), got '" +
            value + "'");
      }
      return;
    }
    if (key == "delay") {
      const auto d = parse_millis(value);
      if (!d) return fail("delay wants a duration like 2s, 250ms or 1.5s, got '" + value + "'");
      a.delay = *d;
      return;
    }
    if (key == "throttle") {
      const std::string_view text = value;
      const auto rate = text.ends_with("/s") ? parse_size(text.substr(0, text.size() - 2))
                                             : std::optional<std::uint64_t>();
      if (!rate || *rate == 0)
        return fail("throttle wants a rate like 64KiB/s or 1MB/s, got '" + value + "'");
      a.throttle = *rate;
      return;
    }
    if (key == "reset-after" || key == "truncate") {
      const auto size = parse_size(value);
      if (!size) {
        return fail(key + " wants a byte count like 100, 64KiB or 1MiB, got '" + value + "'");
      }
      (key == "truncate" ? a.truncate : a.reset_after) = *size;
      return;
    }
    if (key == "direction") {
      if (value == "request") {
        a.direction = FaultDirection::kRequest;
      } else if (value == "response") {
        a.direction = FaultDirection::kResponse;
      } else if (value == "both") {
        a.direction = FaultDirection::kBoth;
      } else {
        fail("direction wants request, response or both, got '" + value + "'");
      }
      return;
    }
    if (key == "times") {
      const auto n = parse_uint(value);
      if (!n || *n == 0) return fail("times wants a count of 1 or more, got '" + value + "'");
      l.times = *n;
      return;
    }
    if (key == "probability") {
      double p = -1;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), p);
      if (ec != std::errc() || end != value.data() + value.size() || !(p > 0 && p <= 1))
        return fail("probability wants a number above 0 and at most 1, got '" + value + "'");
      l.probability = p;
      return;
    }
    if (key == "seed") {
      const auto n = parse_uint(value);
      if (!n) return fail("seed wants a whole number, got '" + value + "'");
      l.seed = *n;
      return;
    }
    if (key == "expires") return set_expiry(value);
    fail("unknown key '" + key + "'" + suggestion(key, kKeys) + "; a rule takes " + key_list());
  }

  void set_operation(const std::string& value) {
    std::vector<std::string_view> names;
    for (const router::OperationRow& row : router::operation_rows()) {
      if (row.name == value) {
        rule.match.operation = value;
        return;
      }
      if (core::iequals(row.name, value)) {
        rule.match.operation = row.name;  // the table's spelling
        return;
      }
      names.push_back(row.name);
    }
    fail("operation wants an S3 operation name such as PutObject, GetObject or UploadPart; '" +
         value + "' is not one" + suggestion(value, names));
  }

  void set_expiry(const std::string& value) {
    if (auto instant = core::parse_iso8601(value)) {
      rule.limits.expires = *instant;
      return;
    }
    // parse_duration takes "+10m", "10m", "90s", "1d" (seconds, signed).
    if (auto after = core::parse_duration(value); after && after->count() > 0) {
      rule.limits.expires_after = *after;
      return;
    }
    fail(
        "expires wants a time from now like +10m, +30s or +1h, or an instant like "
        "2026-01-31T12:00:00Z; got '" +
        value + "'");
  }

  // What no single key can check.
  void check_whole() {
    const FaultAction& a = rule.action;
    const bool cuts = a.reset_after || a.truncate;
    if (!a.error && a.delay.count() == 0 && a.throttle == 0 && !cuts) {
      return fail(
          "the rule has no action: give error=CODE (e.g. SlowDown), delay=2s, "
          "throttle=64KiB/s, reset-after=1MiB or truncate=100");
    }
    if (a.error && cuts) {
      return fail(
          "error answers with an S3 error, which reset-after and truncate would cut: "
          "give one of them per rule (add two rules to have both)");
    }
    if (a.reset_after && a.truncate) {
      return fail("reset-after and truncate both end the response early: give one");
    }
    if (!a.error && (a.status != 0 || !a.message.empty() || a.after_body)) {
      return fail("status, message and when go with error=CODE, which the rule lacks");
    }
    if (a.truncate && a.direction == FaultDirection::kRequest) {
      return fail(
          "truncate cuts the response body; it cannot act on the request "
          "(direction=request): use reset-after for uploads");
    }
  }
};

}  // namespace

std::string_view fault_auth_kind(std::string_view scheme) {
  if (scheme == "sigv4-query") return "sigv4-presigned";
  if (scheme == "sigv2-query") return "sigv2-presigned";
  return scheme;
}

core::Result<FaultRule> parse_fault_fields(const Fields& fields) {
  Parser parser;
  std::set<std::string> seen;
  for (const auto& [raw_key, value] : fields) {
    std::string key = core::to_lower(raw_key);
    std::replace(key.begin(), key.end(), '_', '-');  // JSON callers may write access_key
    if (!seen.insert(key).second) {
      parser.fail(key + " is given twice; give each key once");
      break;
    }
    parser.set(key, value);
    if (parser.error) break;
  }
  if (!parser.error) parser.check_whole();
  if (parser.error) return *parser.error;
  return parser.rule;
}

core::Result<FaultRule> parse_fault_rule(std::string_view text) {
  auto fields = split_spec(text);
  if (!fields) return fields.error();
  if (fields->empty()) {
    return bad("the rule is empty: give key=value pairs, e.g. operation=PutObject,error=SlowDown");
  }
  return parse_fault_fields(*fields);
}

Fields FaultRule::fields() const {
  Fields out;
  const auto add = [&out](std::string_view key, std::string value) {
    out.emplace_back(std::string(key), std::move(value));
  };
  if (!match.operation.empty()) add("operation", match.operation);
  if (!match.method.empty()) add("method", match.method);
  if (!match.bucket.empty()) add("bucket", match.bucket);
  if (!match.key_glob.empty()) add("key", match.key_glob);
  if (match.part) add("part", std::to_string(*match.part));
  if (!match.auth.empty()) add("auth", match.auth);
  if (!match.access_key.empty()) add("access-key", match.access_key);
  if (action.error) add("error", std::string(core::error_info(*action.error).code));
  if (action.status != 0) add("status", std::to_string(action.status));
  if (!action.message.empty()) add("message", action.message);
  if (action.after_body) add("when", "after-body");
  if (action.delay.count() != 0) add("delay", format_millis(action.delay));
  if (action.throttle != 0) add("throttle", format_size(action.throttle) + "/s");
  if (action.reset_after) add("reset-after", format_size(*action.reset_after));
  if (action.truncate) add("truncate", format_size(*action.truncate));
  if (action.direction != FaultDirection::kBoth && (action.throttle != 0 || action.reset_after)) {
    add("direction", action.direction == FaultDirection::kRequest ? "request" : "response");
  }
  if (limits.times) add("times", std::to_string(*limits.times));
  if (limits.probability < 1.0) add("probability", format_double(limits.probability));
  if (limits.seed) add("seed", std::to_string(*limits.seed));
  if (limits.expires) {
    add("expires", core::format_iso8601(*limits.expires));
  } else if (limits.expires_after) {
    add("expires", "+" + format_millis(*limits.expires_after));
  }
  return out;
}

std::string FaultRule::spec() const {
  std::string out;
  for (const auto& [key, value] : fields()) {
    if (!out.empty()) out += ',';
    out += key;
    out += '=';
    out += quote_if_needed(value);
  }
  return out;
}

}  // namespace s3sandbox::app
