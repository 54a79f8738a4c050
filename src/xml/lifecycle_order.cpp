// Cross-action checks of a lifecycle rule (see lifecycle_order.hpp). S3's API reference and
// User Guide state the constraints (an object expires after it transitions; Days and Date are
// not mixed in a rule) but not the messages S3 answers with: the messages here are s3sandbox's,
// in the style of S3's other lifecycle messages; the codes follow S3's split (InvalidArgument
// for a value that is out of range, InvalidRequest for actions that do not fit together).
#include "lifecycle_order.hpp"

#include <string>

#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::xml::detail {
namespace {

std::string rule_name(const LifecycleRule& rule) {
  return rule.id.empty() ? std::string("the rule") : "rule '" + rule.id + "'";
}

std::string day_of(core::TimePoint t) { return core::format_iso8601(t).substr(0, 10); }

core::S3Error out_of_order(std::string message, std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidArgument, std::move(message))
      .because(std::move(why));
}

// Expiration (current versions) against each Transition.
core::Result<void> check_current(const LifecycleRule& rule) {
  for (const LifecycleTransition& t : rule.transitions) {
    if (rule.expiration_days && t.days && *rule.expiration_days <= *t.days) {
      return out_of_order(
          "'Days' in the Expiration action must be greater than 'Days' in the Transition "
          "action",
          rule_name(rule) + " expires objects after " + std::to_string(*rule.expiration_days) +
              " days but moves them to " + t.storage_class + " after " + std::to_string(*t.days) +
              "; an object is moved before it expires, so give <Expiration> more days than " +
              "each <Transition> (or drop the transition)");
    }
    if (rule.expiration_date && t.date && *rule.expiration_date <= *t.date) {
      return out_of_order(
          "'Date' in the Expiration action must be later than 'Date' in the Transition action",
          rule_name(rule) + " expires objects on " + day_of(*rule.expiration_date) +
              " but moves them to " + t.storage_class + " on " + day_of(*t.date) +
              "; give <Expiration> a later <Date> than each <Transition>");
    }
  }
  return {};
}

// NoncurrentVersionExpiration against each NoncurrentVersionTransition.
core::Result<void> check_noncurrent(const LifecycleRule& rule) {
  if (!rule.noncurrent_days) return {};
  for (const LifecycleTransition& t : rule.noncurrent_transitions) {
    if (t.days && *rule.noncurrent_days <= *t.days) {
      return out_of_order(
          "'NoncurrentDays' in the NoncurrentVersionExpiration action must be greater than "
          "'NoncurrentDays' in the NoncurrentVersionTransition action",
          rule_name(rule) + " expires noncurrent versions after " +
              std::to_string(*rule.noncurrent_days) + " days but moves them to " + t.storage_class +
              " after " + std::to_string(*t.days) +
              "; give <NoncurrentVersionExpiration> more <NoncurrentDays> than each "
              "<NoncurrentVersionTransition>");
    }
  }
  return {};
}

// A rule's Expiration and Transitions count in days or fall on dates, not both.
core::Result<void> check_not_mixed(const LifecycleRule& rule) {
  bool days = rule.expiration_days.has_value();
  bool dates = rule.expiration_date.has_value();
  for (const LifecycleTransition& t : rule.transitions) {
    days = days || t.days.has_value();
    dates = dates || t.date.has_value();
  }
  if (!days || !dates) return {};
  return core::S3Error(core::ErrorCode::kInvalidRequest,
                       "Found mixed 'Date' and 'Days' based Expiration and Transition actions "
                       "in lifecycle rule")
      .because(rule_name(rule) +
               " has both <Days> and <Date> among its <Expiration> and <Transition> actions; "
               "use one kind in a rule, or split it into two rules");
}

}  // namespace

core::Result<void> check_action_order(const LifecycleRule& rule) {
  if (auto r = check_not_mixed(rule); !r) return r;
  if (auto r = check_current(rule); !r) return r;
  return check_noncurrent(rule);
}

}  // namespace s3sandbox::xml::detail
