// The PutBucketCors request body. Two passes, in S3's order: first the shape of the whole
// document (every shape error is MalformedXML, S3's answer for a body that does not validate
// against its schema), then the values of each rule in document order (InvalidRequest with S3's
// exact messages, which SDK users see and search for). Values are kept verbatim, whitespace
// included: S3 stores what it was given and a padded origin simply never matches.
#include <algorithm>
#include <charconv>
#include <optional>
#include <pugixml.hpp>

#include "read.hpp"
#include "s3sandbox/xml/parse.hpp"

namespace s3sandbox::xml {
namespace {

inline constexpr std::size_t kMaxRuleIdLength = 255;
inline constexpr std::int64_t kMaxAgeLimit = 2147483647;  // MaxAgeSeconds is an xs:int

constexpr std::string_view kCorsMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD"};

using detail::is_blank;
using detail::local_name;
using detail::malformed;

core::S3Error invalid(std::string message, std::string why) {
  return core::S3Error(core::ErrorCode::kInvalidRequest, std::move(message))
      .because(std::move(why));
}

// The character data of a value element (text and CDATA, comments skipped); nullopt when the
// element holds another element, which no CORS value may.
std::optional<std::string> value_of(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      return std::nullopt;
    }
  }
  return out;
}

// Stray text between elements (not whitespace) is not in S3's schema.
bool has_stray_text(const pugi::xml_node& node) {
  for (pugi::xml_node c : node.children()) {
    if ((c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) && !is_blank(c.value())) {
      return true;
    }
  }
  return false;
}

core::Result<pugi::xml_node> load_root(pugi::xml_document& doc, std::string_view body) {
  if (body.size() > kMaxCorsBody) {
    return malformed("the CORS configuration is " + std::to_string(body.size()) +
                     " bytes; S3 limits it to 64 KB");
  }
  if (is_blank(body))
    return malformed("the PutBucketCors body is empty; it needs a <CORSConfiguration>");
  pugi::xml_parse_result parsed = doc.load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!parsed) {
    return malformed("the XML is not well formed: " + std::string(parsed.description()) +
                     " at byte " + std::to_string(parsed.offset));
  }
  pugi::xml_node root;
  for (pugi::xml_node c : doc.children()) {
    if (c.type() == pugi::node_element) {
      if (root) return malformed("the XML must have exactly one root element");
      root = c;
    } else if (c.type() == pugi::node_pcdata && !is_blank(c.value())) {
      return malformed("the XML has text outside its root element");
    }
  }
  if (!root) return malformed("the XML has no root element");
  if (local_name(root) != "CORSConfiguration") {
    return malformed("the root element is <" + std::string(root.name()) +
                     ">, expected <CORSConfiguration>");
  }
  return root;
}

core::Result<std::int64_t> parse_max_age(const std::string& text, std::size_t rule_number) {
  std::int64_t value = -1;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 0 || value > kMaxAgeLimit) {
    return malformed("rule " + std::to_string(rule_number) + ": <MaxAgeSeconds> must be a whole " +
                     "number of seconds from 0 to 2147483647, not '" + text + "'");
  }
  return value;
}

// The shape of one <CORSRule>: known children only, the required ones present.
core::Result<storage::CorsRule> read_rule(const pugi::xml_node& node, std::size_t number) {
  std::string where = "rule " + std::to_string(number) + ": ";
  if (has_stray_text(node)) return malformed(where + "<CORSRule> holds text outside its elements");
  storage::CorsRule rule;
  bool has_id = false;
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = local_name(c);
    auto value = value_of(c);
    if (!value) return malformed(where + "<" + std::string(name) + "> holds an element");
    if (name == "AllowedOrigin") {
      rule.allowed_origins.push_back(std::move(*value));
    } else if (name == "AllowedMethod") {
      rule.allowed_methods.push_back(std::move(*value));
    } else if (name == "AllowedHeader") {
      rule.allowed_headers.push_back(std::move(*value));
    } else if (name == "ExposeHeader") {
      rule.expose_headers.push_back(std::move(*value));
    } else if (name == "ID") {
      if (has_id) return malformed(where + "<ID> is given more than once");
      if (value->size() > kMaxRuleIdLength) {
        return malformed(where + "<ID> is " + std::to_string(value->size()) +
                         " characters; S3 allows at most 255");
      }
      has_id = true;
      rule.id = std::move(*value);
    } else if (name == "MaxAgeSeconds") {
      if (rule.max_age_seconds) return malformed(where + "<MaxAgeSeconds> is given more than once");
      auto seconds = parse_max_age(*value, number);
      if (!seconds) return seconds.error();
      rule.max_age_seconds = *seconds;
    } else {
      return malformed(where + "<" + std::string(c.name()) +
                       "> is not a CORSRule element (ID, AllowedOrigin, AllowedMethod, "
                       "AllowedHeader, ExposeHeader, MaxAgeSeconds; names are case-sensitive)");
    }
  }
  if (rule.allowed_origins.empty()) return malformed(where + "the rule has no <AllowedOrigin>");
  if (rule.allowed_methods.empty()) return malformed(where + "the rule has no <AllowedMethod>");
  return rule;
}

std::size_t wildcards(std::string_view s) { return std::count(s.begin(), s.end(), '*'); }

// The value checks of one rule, in the order S3 applies them.
core::Result<void> check_values(const storage::CorsRule& rule, std::size_t number) {
  std::string where = "rule " + std::to_string(number) + ": ";
  for (const std::string& m : rule.allowed_methods) {
    if (std::find(std::begin(kCorsMethods), std::end(kCorsMethods), m) == std::end(kCorsMethods)) {
      return invalid("Found unsupported HTTP method in CORS config. Unsupported method is " + m,
                     where +
                         "AllowedMethod must be GET, PUT, POST, DELETE or HEAD, upper case; "
                         "preflight OPTIONS needs no rule");
    }
  }
  for (const std::string& o : rule.allowed_origins) {
    if (wildcards(o) > 1) {
      return invalid("AllowedOrigin \"" + o + "\" can not have more than one wildcard.",
                     where + "use one '*' per AllowedOrigin, e.g. https://*.example.com");
    }
  }
  for (const std::string& h : rule.allowed_headers) {
    if (wildcards(h) > 1) {
      return invalid("AllowedHeader \"" + h + "\" can not have more than one wildcard.",
                     where + "use one '*' per AllowedHeader, e.g. x-amz-*");
    }
  }
  for (const std::string& h : rule.expose_headers) {
    if (wildcards(h) > 0) {
      return invalid("ExposeHeader \"" + h +
                         "\" contains wildcard. We currently do not support wildcard for "
                         "ExposeHeader.",
                     where + "list each exposed header by name (ETag, x-amz-request-id, ...)");
    }
  }
  return {};
}

}  // namespace

core::Result<std::vector<storage::CorsRule>> parse_cors_configuration(std::string_view body) {
  pugi::xml_document doc;
  auto root = load_root(doc, body);
  if (!root) return root.error();
  if (has_stray_text(*root)) return malformed("<CORSConfiguration> holds text outside its rules");

  std::vector<storage::CorsRule> rules;
  for (pugi::xml_node c : root->children()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) != "CORSRule") {
      return malformed("<" + std::string(c.name()) +
                       "> is not allowed in <CORSConfiguration>; it holds <CORSRule> elements");
    }
    if (rules.size() == kMaxCorsRules) {
      return malformed("the configuration has more than 100 rules; S3 allows at most 100");
    }
    auto rule = read_rule(c, rules.size() + 1);
    if (!rule) return rule.error();
    rules.push_back(std::move(*rule));
  }
  if (rules.empty()) return malformed("<CORSConfiguration> has no <CORSRule>; it needs 1 to 100");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (auto checked = check_values(rules[i], i + 1); !checked) return checked.error();
  }
  return rules;
}

}  // namespace s3sandbox::xml
