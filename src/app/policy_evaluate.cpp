#include "policy_evaluate.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::app {
namespace {

bool principal_matches(const PolicyStatement& s, const PolicyRequest& r) {
  if (s.any_principal) return true;
  if (r.anonymous) return false;
  for (const std::string& p : s.principals) {
    if (p == r.account_id || p == r.canonical_id || p == r.access_key) return true;
  }
  return false;
}

bool action_matches(const PolicyStatement& s, std::string_view action) {
  bool any = false;
  for (const std::string& a : s.actions) any |= wildcard_match(a, action, true);
  return s.not_action ? !any : any;
}

bool resource_matches(const PolicyStatement& s, const std::string& resource) {
  bool any = false;
  for (const std::string& r : s.resources) any |= wildcard_match(r, resource, false);
  return s.not_resource ? !any : any;
}

// "203.0.113.0/24", "2001:db8::/32" or a single address, against an address ("ip" or "ip:port",
// "[v6]:port").
std::optional<std::pair<std::array<unsigned char, 16>, int>> parse_ip(std::string_view text) {
  std::array<unsigned char, 16> bytes{};
  std::string s(text);
  if (inet_pton(AF_INET, s.c_str(), bytes.data() + 12) == 1) {
    bytes[10] = bytes[11] = 0xff;  // IPv4-mapped
    return std::pair{bytes, 4};
  }
  if (inet_pton(AF_INET6, s.c_str(), bytes.data()) == 1) return std::pair{bytes, 6};
  return std::nullopt;
}

std::string_view host_of_address(std::string_view a) {
  if (!a.empty() && a.front() == '[') return a.substr(1, a.find(']') - 1);
  if (std::count(a.begin(), a.end(), ':') == 1) return a.substr(0, a.find(':'));
  return a;
}

bool ip_in(std::string_view cidr, std::string_view address) {
  auto addr = parse_ip(host_of_address(address));
  if (!addr) return false;
  std::size_t slash = cidr.find('/');
  auto net = parse_ip(cidr.substr(0, slash));
  if (!net) return false;
  int bits = net->second == 4 ? 32 : 128;
  if (slash != std::string_view::npos) {
    std::string_view n = cidr.substr(slash + 1);
    std::from_chars(n.data(), n.data() + n.size(), bits);
  }
  if (net->second == 4) bits += 96;
  for (int i = 0; i < bits && i < 128; ++i) {
    const int byte = i / 8, bit = 7 - i % 8;
    if (((net->first[byte] >> bit) & 1) != ((addr->first[byte] >> bit) & 1)) return false;
  }
  return true;
}

std::optional<double> number(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// ISO 8601 ("2026-01-01T00:00:00Z", or a date alone) or epoch seconds, as seconds.
std::optional<double> date(std::string_view s) {
  if (auto n = number(s)) return n;
  if (auto t = core::parse_iso8601(std::string(s))) {
    return static_cast<double>(
        std::chrono::duration_cast<std::chrono::seconds>(t->time_since_epoch()).count());
  }
  if (s.size() == 10) return date(std::string(s) + "T00:00:00Z");
  return std::nullopt;
}

bool compare(std::string_view op, double a, double b) {
  if (op.ends_with("NotEquals")) return a != b;
  if (op.ends_with("Equals") && !op.ends_with("ThanEquals")) return a == b;
  if (op.ends_with("LessThan")) return a < b;
  if (op.ends_with("LessThanEquals")) return a <= b;
  if (op.ends_with("GreaterThan")) return a > b;
  if (op.ends_with("GreaterThanEquals")) return a >= b;
  return false;
}

bool one_value_holds(const std::string& op, const std::string& want, const std::string& have) {
  if (op == "StringEquals") return have == want;
  if (op == "StringEqualsIgnoreCase") return core::iequals(have, want);
  if (op == "StringLike") return wildcard_match(want, have, false);
  if (op == "IpAddress") return ip_in(want, have);
  if (op == "Bool") return core::iequals(have, want);
  if (op.starts_with("Numeric")) {
    auto a = number(have), b = number(want);
    return a && b && compare(op, *a, *b);
  }
  if (op.starts_with("Date")) {
    auto a = date(have), b = date(want);
    return a && b && compare(op, *a, *b);
  }
  return false;
}

}  // namespace

bool condition_holds(const PolicyCondition& c, const std::optional<std::string>& value) {
  if (c.op == "Null") {
    // "Null": true holds when the key is absent.
    for (const std::string& v : c.values) {
      if (core::iequals(v, "true") == !value.has_value()) return true;
    }
    return false;
  }
  // A key the request lacks: a positive operator fails, a negated one holds (IAM User Guide,
  // "Condition operators"), and IfExists makes either hold.
  const bool negated_op = c.op.find("Not") != std::string::npos;
  if (!value) return c.if_exists || negated_op;
  // The negated operators hold when no value matches (AWS: NotEquals over a list is "none of").
  std::string positive = c.op;
  bool negated = false;
  if (positive == "StringNotEquals") positive = "StringEquals", negated = true;
  if (positive == "StringNotEqualsIgnoreCase") positive = "StringEqualsIgnoreCase", negated = true;
  if (positive == "StringNotLike") positive = "StringLike", negated = true;
  if (positive == "NotIpAddress") positive = "IpAddress", negated = true;
  if (positive == "NumericNotEquals") positive = "NumericEquals", negated = true;
  if (positive == "DateNotEquals") positive = "DateEquals", negated = true;
  bool any = false;
  for (const std::string& want : c.values) any |= one_value_holds(positive, want, *value);
  return negated ? !any : any;
}

PolicyVerdict evaluate_policy(const BucketPolicy& policy, const PolicyRequest& request) {
  PolicyVerdict verdict;
  for (std::size_t i = 0; i < policy.statements.size(); ++i) {
    const PolicyStatement& s = policy.statements[i];
    if (!principal_matches(s, request) || !action_matches(s, request.action) ||
        !resource_matches(s, request.resource)) {
      continue;
    }
    bool holds = true;
    for (const PolicyCondition& c : s.conditions) {
      if (!condition_holds(c, request.value ? request.value(c.key) : std::nullopt)) {
        holds = false;
        break;
      }
    }
    if (!holds) continue;
    if (!s.allow) return PolicyVerdict{PolicyEffect::kDeny, s.sid, static_cast<int>(i), false};
    if (verdict.effect == PolicyEffect::kNone) {
      verdict = PolicyVerdict{PolicyEffect::kAllow, s.sid, static_cast<int>(i), s.any_principal};
    }
  }
  return verdict;
}

}  // namespace s3sandbox::app
