// The LifecycleConfiguration document, both ways (see xml/lifecycle.hpp). The shape of each rule
// is checked first (MalformedXML: unknown elements, repeated ones, a rule without Status or
// without exactly one of Filter / Prefix, a Filter with more than one condition, non-integer
// numbers), then its values with S3's own messages.
#include "s3sandbox/xml/lifecycle.hpp"

#include <algorithm>
#include <charconv>
#include <pugixml.hpp>
#include <set>

#include "document.hpp"
#include "lifecycle_order.hpp"
#include "read.hpp"
#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::xml {

using detail::children_named;
using detail::is_blank;
using detail::local_name;
using detail::malformed;
using detail::text_of;
using detail::trimmed;

namespace {

core::S3Error invalid_argument(std::string message, std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidArgument, std::move(message))
      .because(std::move(why));
}

core::S3Error invalid_request(std::string message, std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidRequest, std::move(message))
      .because(std::move(why));
}

// Every element child of `node` must be named in `allowed`, each at most once.
core::Result<void> check_children(const pugi::xml_node& node, std::string_view where,
                                  std::initializer_list<std::string_view> allowed,
                                  std::initializer_list<std::string_view> repeatable = {}) {
  std::set<std::string_view> seen;
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      if (!is_blank(child.value())) return malformed("<" + std::string(where) + "> holds text");
      continue;
    }
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = local_name(child);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return malformed("<" + std::string(name) + "> is not an element of <" + std::string(where) +
                       ">");
    }
    const bool many = std::find(repeatable.begin(), repeatable.end(), name) != repeatable.end();
    if (!many && !seen.insert(name).second) {
      return malformed("<" + std::string(where) + "> holds <" + std::string(name) + "> twice");
    }
  }
  return {};
}

std::optional<pugi::xml_node> child(const pugi::xml_node& node, std::string_view name) {
  auto found = children_named(node, name);
  if (found.empty()) return std::nullopt;
  return found.front();
}

// An integer element: MalformedXML when it is not one (S3's schema types them xs:int / long).
core::Result<long long> integer_of(const pugi::xml_node& node) {
  const std::string text = text_of(node);
  const std::string_view v = trimmed(text);
  long long n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
    return malformed("<" + std::string(local_name(node)) + "> must be an integer, not '" +
                     std::string(v) + "'");
  }
  return n;
}

// A Days-like element that S3 wants positive: InvalidArgument with S3's message otherwise.
core::Result<int> positive_days(const pugi::xml_node& node, std::string_view action) {
  auto n = integer_of(node);
  if (!n) return n.error();
  const std::string name(local_name(node));
  if (*n <= 0 || *n > 2147483647) {
    return invalid_argument(
        "'" + name + "' for " + std::string(action) + " action must be a positive integer",
        "<" + name + "> is " + std::to_string(*n) + "; it counts days from 1");
  }
  return static_cast<int>(*n);
}

// <Date>: an ISO 8601 instant that must be midnight UTC ("2030-01-01T00:00:00Z"; a bare date
// "2030-01-01" is read as that midnight, as S3 reads it).
core::Result<core::TimePoint> midnight_date(const pugi::xml_node& node, std::string_view action) {
  const std::string text = text_of(node);
  std::string v(trimmed(text));
  if (v.size() == 10) v += "T00:00:00Z";
  if (!v.empty() && v.back() != 'Z' && v.find('+') == std::string::npos) v += 'Z';
  if (v.ends_with("+00:00")) v = v.substr(0, v.size() - 6) + "Z";
  auto at = core::parse_iso8601(v);
  if (!at) {
    return invalid_argument(
        "Invalid date format in " + std::string(action) + " action",
        "<Date> '" + text + "' is not an ISO 8601 date like 2030-01-01T00:00:00Z");
  }
  const auto since_midnight = at->time_since_epoch() % std::chrono::days(1);
  if (since_midnight.count() != 0) {
    return invalid_argument("'Date' must be at midnight GMT",
                            "<Date> '" + text +
                                "' is not at 00:00:00 UTC; S3 runs date rules at "
                                "midnight UTC only");
  }
  return *at;
}

core::Result<std::uint64_t> size_of(const pugi::xml_node& node) {
  auto n = integer_of(node);
  if (!n) return n.error();
  if (*n < 0) {
    return invalid_argument("'" + std::string(local_name(node)) +
                                "' must be a non-negative "
                                "integer",
                            "an object size is a number of bytes, 0 or more");
  }
  return static_cast<std::uint64_t>(*n);
}

core::Result<std::pair<std::string, std::string>> tag_of(const pugi::xml_node& tag) {
  if (auto r = check_children(tag, "Tag", {"Key", "Value"}); !r) return r.error();
  auto key = child(tag, "Key");
  auto value = child(tag, "Value");
  if (!key || !value) return malformed("each <Tag> needs one <Key> and one <Value>");
  return std::pair{text_of(*key), text_of(*value)};
}

core::Result<LifecycleFilter> parse_filter(const pugi::xml_node& node) {
  if (auto r = check_children(
          node, "Filter", {"Prefix", "Tag", "And", "ObjectSizeGreaterThan", "ObjectSizeLessThan"});
      !r) {
    return r.error();
  }
  LifecycleFilter filter;
  int conditions = 0;
  for (const pugi::xml_node& c : node.children()) conditions += c.type() == pugi::node_element;
  if (conditions > 1) {
    return malformed(
        "a <Filter> holds exactly one of <Prefix>, <Tag>, <ObjectSizeGreaterThan>, "
        "<ObjectSizeLessThan> or <And>; combine conditions inside <And>");
  }
  if (conditions == 0) return filter;  // <Filter/>: every object
  if (auto p = child(node, "Prefix")) {
    filter.form = LifecycleFilter::Form::kPrefix;
    filter.prefix = text_of(*p);
  } else if (auto t = child(node, "Tag")) {
    filter.form = LifecycleFilter::Form::kTag;
    auto tag = tag_of(*t);
    if (!tag) return tag.error();
    filter.tags.push_back(std::move(*tag));
  } else if (auto g = child(node, "ObjectSizeGreaterThan")) {
    filter.form = LifecycleFilter::Form::kSizeGreater;
    auto n = size_of(*g);
    if (!n) return n.error();
    filter.size_greater_than = *n;
  } else if (auto l = child(node, "ObjectSizeLessThan")) {
    filter.form = LifecycleFilter::Form::kSizeLess;
    auto n = size_of(*l);
    if (!n) return n.error();
    filter.size_less_than = *n;
  } else if (auto a = child(node, "And")) {
    filter.form = LifecycleFilter::Form::kAnd;
    if (auto r = check_children(
            *a, "And", {"Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan"}, {"Tag"});
        !r) {
      return r.error();
    }
    if (auto p = child(*a, "Prefix")) filter.prefix = text_of(*p);
    std::set<std::string> keys;
    for (const pugi::xml_node& t : children_named(*a, "Tag")) {
      auto tag = tag_of(t);
      if (!tag) return tag.error();
      if (!keys.insert(tag->first).second) {
        return invalid_request("Duplicate Tag Keys are not allowed.",
                               "the tag key '" + tag->first + "' appears twice in <And>");
      }
      filter.tags.push_back(std::move(*tag));
    }
    if (auto g = child(*a, "ObjectSizeGreaterThan")) {
      auto n = size_of(*g);
      if (!n) return n.error();
      filter.size_greater_than = *n;
    }
    if (auto l = child(*a, "ObjectSizeLessThan")) {
      auto n = size_of(*l);
      if (!n) return n.error();
      filter.size_less_than = *n;
    }
    if (filter.size_greater_than && filter.size_less_than &&
        *filter.size_greater_than >= *filter.size_less_than) {
      return invalid_argument(
          "ObjectSizeGreaterThan must be less than ObjectSizeLessThan",
          "no object is larger than " + std::to_string(*filter.size_greater_than) +
              " bytes and smaller than " + std::to_string(*filter.size_less_than) + " bytes");
    }
  }
  return filter;
}

const std::set<std::string_view>& transition_classes() {
  static const std::set<std::string_view> classes = {
      "GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"};
  return classes;
}

core::Result<LifecycleTransition> parse_transition(const pugi::xml_node& node, bool noncurrent) {
  const std::string_view where = noncurrent ? "NoncurrentVersionTransition" : "Transition";
  if (auto r = noncurrent
                   ? check_children(node, where,
                                    {"NoncurrentDays", "NewerNoncurrentVersions", "StorageClass"})
                   : check_children(node, where, {"Days", "Date", "StorageClass"});
      !r) {
    return r.error();
  }
  LifecycleTransition t;
  auto storage_class = child(node, "StorageClass");
  if (!storage_class) return malformed("<" + std::string(where) + "> needs a <StorageClass>");
  t.storage_class = std::string(trimmed(text_of(*storage_class)));
  if (!transition_classes().contains(t.storage_class)) {
    return malformed("<StorageClass> '" + t.storage_class +
                     "' is not one S3 transitions to (GLACIER, STANDARD_IA, ONEZONE_IA, "
                     "INTELLIGENT_TIERING, DEEP_ARCHIVE, GLACIER_IR)");
  }
  const auto days_node = child(node, noncurrent ? "NoncurrentDays" : "Days");
  const auto date_node = noncurrent ? std::nullopt : child(node, "Date");
  if (days_node && date_node) return malformed("a <Transition> has <Days> or <Date>, not both");
  if (days_node) {
    auto n = integer_of(*days_node);
    if (!n) return n.error();
    if (*n < 0 || *n > 2147483647) {
      return invalid_argument("'" + std::string(local_name(*days_node)) + "' for " +
                                  std::string(where) + " action must be nonnegative",
                              "a transition's days count from 0");
    }
    t.days = static_cast<int>(*n);
    if ((t.storage_class == "STANDARD_IA" || t.storage_class == "ONEZONE_IA") && *t.days < 30) {
      return invalid_argument("'" + std::string(local_name(*days_node)) + "' in " +
                                  std::string(where) +
                                  " action must be greater than or equal to 30 for storageClass '" +
                                  t.storage_class + "'",
                              "S3 keeps objects 30 days in STANDARD before " + t.storage_class);
    }
  } else if (date_node) {
    auto at = midnight_date(*date_node, where);
    if (!at) return at.error();
    t.date = *at;
  } else if (!noncurrent) {
    return malformed("a <Transition> needs <Days> or <Date>");
  }
  if (auto n = child(node, "NewerNoncurrentVersions")) {
    auto v = positive_days(*n, where);
    if (!v) return v.error();
    t.newer_noncurrent_versions = *v;
  }
  return t;
}

core::Result<LifecycleRule> parse_rule(const pugi::xml_node& node) {
  if (auto r = check_children(node, "Rule",
                              {"ID", "Prefix", "Filter", "Status", "Expiration", "Transition",
                               "NoncurrentVersionTransition", "NoncurrentVersionExpiration",
                               "AbortIncompleteMultipartUpload"},
                              {"Transition", "NoncurrentVersionTransition"});
      !r) {
    return r.error();
  }
  LifecycleRule rule;
  if (auto id = child(node, "ID")) rule.id = text_of(*id);
  if (rule.id.size() > kMaxLifecycleRuleId) {
    return invalid_argument(
        "ID length should not exceed allowed limit of 255",
        "a rule's <ID> has " + std::to_string(rule.id.size()) + " characters; at most 255");
  }
  auto status = child(node, "Status");
  if (!status) return malformed("each <Rule> needs a <Status> (Enabled or Disabled)");
  const std::string status_text(trimmed(text_of(*status)));
  if (status_text != "Enabled" && status_text != "Disabled") {
    return malformed("<Status> is Enabled or Disabled, not '" + status_text + "'");
  }
  rule.enabled = status_text == "Enabled";

  const auto prefix = child(node, "Prefix");
  const auto filter = child(node, "Filter");
  if (prefix && filter) {
    return malformed("a <Rule> has a <Filter> or the older rule-level <Prefix>, not both");
  }
  if (!prefix && !filter) {
    return malformed("each <Rule> needs a <Filter> (an empty <Filter/> covers every object)");
  }
  if (prefix) {
    rule.filter.form = LifecycleFilter::Form::kLegacyPrefix;
    rule.filter.prefix = text_of(*prefix);
  } else {
    auto parsed = parse_filter(*filter);
    if (!parsed) return parsed.error();
    rule.filter = std::move(*parsed);
  }

  if (auto e = child(node, "Expiration")) {
    if (auto r = check_children(*e, "Expiration", {"Days", "Date", "ExpiredObjectDeleteMarker"});
        !r) {
      return r.error();
    }
    rule.has_expiration = true;
    const auto days = child(*e, "Days");
    const auto date = child(*e, "Date");
    const auto marker = child(*e, "ExpiredObjectDeleteMarker");
    if (!days && !date && !marker) {
      return malformed("<Expiration> needs <Days>, <Date> or <ExpiredObjectDeleteMarker>");
    }
    if (days && date) return malformed("<Expiration> has <Days> or <Date>, not both");
    if (marker && (days || date)) {
      return invalid_argument(
          "ExpiredObjectDeleteMarker cannot be specified with Days or Date in a Lifecycle "
          "Expiration Policy.",
          "put <ExpiredObjectDeleteMarker> in a rule of its own");
    }
    if (days) {
      auto n = positive_days(*days, "Expiration");
      if (!n) return n.error();
      rule.expiration_days = *n;
    }
    if (date) {
      auto at = midnight_date(*date, "Expiration");
      if (!at) return at.error();
      rule.expiration_date = *at;
    }
    if (marker) {
      const std::string v(trimmed(text_of(*marker)));
      if (v != "true" && v != "false") {
        return malformed("<ExpiredObjectDeleteMarker> is true or false, not '" + v + "'");
      }
      rule.expired_object_delete_marker = v == "true";
      if (rule.filter.has_tags()) {
        return invalid_request(
            "ExpiredObjectDeleteMarker cannot be specified with a tag-based filter.",
            "delete markers have no tags; give this rule a prefix filter");
      }
    }
  }
  if (auto n = child(node, "NoncurrentVersionExpiration")) {
    if (auto r = check_children(*n, "NoncurrentVersionExpiration",
                                {"NoncurrentDays", "NewerNoncurrentVersions"});
        !r) {
      return r.error();
    }
    auto days = child(*n, "NoncurrentDays");
    if (!days) return malformed("<NoncurrentVersionExpiration> needs <NoncurrentDays>");
    auto d = positive_days(*days, "NoncurrentVersionExpiration");
    if (!d) return d.error();
    rule.noncurrent_days = *d;
    if (auto newer = child(*n, "NewerNoncurrentVersions")) {
      auto v = positive_days(*newer, "NoncurrentVersionExpiration");
      if (!v) return v.error();
      if (*v > 100) {
        return invalid_argument(
            "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be less than "
            "or equal to 100",
            "S3 retains at most 100 newer noncurrent versions");
      }
      rule.newer_noncurrent_versions = *v;
    }
  }
  if (auto a = child(node, "AbortIncompleteMultipartUpload")) {
    if (auto r = check_children(*a, "AbortIncompleteMultipartUpload", {"DaysAfterInitiation"});
        !r) {
      return r.error();
    }
    auto days = child(*a, "DaysAfterInitiation");
    if (!days) return malformed("<AbortIncompleteMultipartUpload> needs <DaysAfterInitiation>");
    auto d = positive_days(*days, "AbortIncompleteMultipartUpload");
    if (!d) return d.error();
    rule.abort_days_after_initiation = *d;
    if (rule.filter.has_tags()) {
      return invalid_request("AbortIncompleteMultipartUpload cannot be specified with Tags.",
                             "uploads in progress have no tags yet; give this rule a prefix "
                             "filter");
    }
    if (rule.filter.size_greater_than || rule.filter.size_less_than) {
      return invalid_request(
          "AbortIncompleteMultipartUpload cannot be specified with an object size filter.",
          "an upload in progress has no size yet; give this rule a prefix filter");
    }
  }
  for (const pugi::xml_node& t : children_named(node, "Transition")) {
    auto parsed = parse_transition(t, false);
    if (!parsed) return parsed.error();
    rule.transitions.push_back(std::move(*parsed));
  }
  for (const pugi::xml_node& t : children_named(node, "NoncurrentVersionTransition")) {
    auto parsed = parse_transition(t, true);
    if (!parsed) return parsed.error();
    rule.noncurrent_transitions.push_back(std::move(*parsed));
  }
  if (!rule.has_expiration && !rule.noncurrent_days && !rule.abort_days_after_initiation &&
      rule.transitions.empty() && rule.noncurrent_transitions.empty()) {
    return invalid_request("At least one action needs to be specified in a rule.",
                           "a rule needs Expiration, NoncurrentVersionExpiration, "
                           "AbortIncompleteMultipartUpload or a transition");
  }
  if (auto r = detail::check_action_order(rule); !r) return r.error();
  return rule;
}

// S3 names rules it was given without an ID: a random 48-character id.
std::string new_rule_id() { return core::random_hex(48); }

void add_tag(pugi::xml_node parent, const std::pair<std::string, std::string>& tag) {
  pugi::xml_node t = parent.append_child("Tag");
  detail::add_text(t, "Key", tag.first);
  detail::add_text(t, "Value", tag.second);
}

void add_filter(pugi::xml_node rule, const LifecycleFilter& f) {
  using Form = LifecycleFilter::Form;
  if (f.form == Form::kLegacyPrefix) {
    detail::add_text(rule, "Prefix", f.prefix);
    return;
  }
  pugi::xml_node filter = rule.append_child("Filter");
  switch (f.form) {
    case Form::kEmpty:
    case Form::kLegacyPrefix:
      break;
    case Form::kPrefix:
      detail::add_text(filter, "Prefix", f.prefix);
      break;
    case Form::kTag:
      add_tag(filter, f.tags.front());
      break;
    case Form::kSizeGreater:
      detail::add_number(filter, "ObjectSizeGreaterThan",
                         static_cast<long long>(*f.size_greater_than));
      break;
    case Form::kSizeLess:
      detail::add_number(filter, "ObjectSizeLessThan", static_cast<long long>(*f.size_less_than));
      break;
    case Form::kAnd: {
      pugi::xml_node a = filter.append_child("And");
      if (!f.prefix.empty()) detail::add_text(a, "Prefix", f.prefix);
      for (const auto& tag : f.tags) add_tag(a, tag);
      if (f.size_greater_than) {
        detail::add_number(a, "ObjectSizeGreaterThan",
                           static_cast<long long>(*f.size_greater_than));
      }
      if (f.size_less_than) {
        detail::add_number(a, "ObjectSizeLessThan", static_cast<long long>(*f.size_less_than));
      }
      break;
    }
  }
}

void add_transition(pugi::xml_node rule, const char* name, const LifecycleTransition& t,
                    bool noncurrent) {
  pugi::xml_node n = rule.append_child(name);
  if (t.date) detail::add_time(n, "Date", *t.date);
  if (t.days) detail::add_number(n, noncurrent ? "NoncurrentDays" : "Days", *t.days);
  if (t.newer_noncurrent_versions) {
    detail::add_number(n, "NewerNoncurrentVersions", *t.newer_noncurrent_versions);
  }
  detail::add_text(n, "StorageClass", t.storage_class);
}

}  // namespace

bool is_transition_minimum_size(std::string_view value) {
  return value == "all_storage_classes_128K" || value == "varies_by_storage_class";
}

core::Result<LifecycleConfiguration> parse_lifecycle_configuration(std::string_view body) {
  if (is_blank(body)) {
    return malformed("the body is empty; it needs a <LifecycleConfiguration> with rules");
  }
  pugi::xml_document doc;
  auto root = detail::load(doc, body, "LifecycleConfiguration", kMaxXmlBody);
  if (!root) return root.error();
  if (auto r = check_children(*root, "LifecycleConfiguration", {"Rule"}, {"Rule"}); !r) {
    return r.error();
  }
  const auto rules = children_named(*root, "Rule");
  if (rules.empty()) return malformed("<LifecycleConfiguration> needs at least one <Rule>");
  if (rules.size() > kMaxLifecycleRules) {
    return malformed("<LifecycleConfiguration> holds " + std::to_string(rules.size()) +
                     " rules; S3 takes at most 1000");
  }
  LifecycleConfiguration config;
  std::set<std::string> ids;
  for (const pugi::xml_node& node : rules) {
    auto rule = parse_rule(node);
    if (!rule) return rule.error();
    if (!rule->id.empty() && !ids.insert(rule->id).second) {
      return invalid_argument("Rule ID must be unique. Found same ID for more than one rule",
                              "two rules have the ID '" + rule->id + "'");
    }
    config.rules.push_back(std::move(*rule));
  }
  for (LifecycleRule& rule : config.rules) {
    if (rule.id.empty()) rule.id = new_rule_id();
  }
  return config;
}

std::string render_lifecycle_configuration(const LifecycleConfiguration& config) {
  pugi::xml_document doc;
  pugi::xml_node root = detail::add_root(doc, "LifecycleConfiguration");
  for (const LifecycleRule& rule : config.rules) {
    pugi::xml_node r = root.append_child("Rule");
    if (rule.expiration_days || rule.expiration_date || rule.expired_object_delete_marker) {
      pugi::xml_node e = r.append_child("Expiration");
      if (rule.expiration_date) detail::add_time(e, "Date", *rule.expiration_date);
      if (rule.expiration_days) detail::add_number(e, "Days", *rule.expiration_days);
      if (rule.expired_object_delete_marker) {
        detail::add_bool(e, "ExpiredObjectDeleteMarker", *rule.expired_object_delete_marker);
      }
    }
    detail::add_text(r, "ID", rule.id);
    add_filter(r, rule.filter);
    detail::add_text(r, "Status", rule.enabled ? "Enabled" : "Disabled");
    for (const auto& t : rule.transitions) add_transition(r, "Transition", t, false);
    for (const auto& t : rule.noncurrent_transitions) {
      add_transition(r, "NoncurrentVersionTransition", t, true);
    }
    if (rule.noncurrent_days) {
      pugi::xml_node n = r.append_child("NoncurrentVersionExpiration");
      detail::add_number(n, "NoncurrentDays", *rule.noncurrent_days);
      if (rule.newer_noncurrent_versions) {
        detail::add_number(n, "NewerNoncurrentVersions", *rule.newer_noncurrent_versions);
      }
    }
    if (rule.abort_days_after_initiation) {
      pugi::xml_node a = r.append_child("AbortIncompleteMultipartUpload");
      detail::add_number(a, "DaysAfterInitiation", *rule.abort_days_after_initiation);
    }
  }
  return detail::serialize(doc);
}

}  // namespace s3sandbox::xml
