#include "fault_effects.hpp"

#include <charconv>

namespace s3sandbox::app {
namespace {

bool acts_on(FaultDirection direction, FaultDirection side) {
  return (static_cast<unsigned>(direction) & static_cast<unsigned>(side)) != 0;
}

std::optional<std::uint32_t> part_number(const router::Operation& op) {
  const router::QueryParam* p = op.param("partNumber");
  if (p == nullptr) return std::nullopt;
  std::uint32_t n = 0;
  const auto [end, ec] = std::from_chars(p->value.data(), p->value.data() + p->value.size(), n);
  if (ec != std::errc() || end != p->value.data() + p->value.size()) return std::nullopt;
  return n;
}

// Header values are one line of visible ASCII; a rule's text comes from a user.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) c = ' ';
  }
  return out;
}

}  // namespace

FaultRequest fault_request(const ExchangeState& x) {
  return FaultRequest{
      router::op_name(x.op.kind),     x.request.method, x.op.bucket, x.op.key, part_number(x.op),
      fault_auth_kind(x.auth.scheme), x.auth.access_key};
}

core::S3Error fault_error(const AppliedFault& fault) {
  core::S3Error e(*fault.action.error, fault.action.message);
  e.diagnosis = "s3sandbox injected this error: fault rule " + fault.description +
                " matched the request; DELETE /_sandbox/faults/" + std::to_string(fault.rule_id) +
                " removes the rule";
  return e;
}

void mark_faulted(core::Response& response, const AppliedFault& fault, bool injected_error) {
  const FaultAction& a = fault.action;
  response.headers.push_back({"x-s3sandbox-fault", one_line(fault.description)});
  if (injected_error && a.status != 0) response.status = a.status;
  response.delay = a.delay;
  if (acts_on(a.direction, FaultDirection::kResponse)) {
    response.impairment.bytes_per_second = a.throttle;
    if (a.reset_after) response.impairment.reset_after = *a.reset_after;
  }
  if (a.truncate) response.impairment.truncate_after = *a.truncate;
}

core::BodyImpairment request_impairment(const FaultAction& a) {
  core::BodyImpairment impairment;
  if (!acts_on(a.direction, FaultDirection::kRequest)) return impairment;
  impairment.bytes_per_second = a.throttle;
  if (a.reset_after) impairment.reset_after = *a.reset_after;
  return impairment;
}

}  // namespace s3sandbox::app
