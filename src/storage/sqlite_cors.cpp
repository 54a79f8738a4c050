// SqliteBackend: the bucket CORS configuration, one `bucket_cors` row per bucket holding its
// rules as a JSON array (they are only ever read whole). The read is a single indexed SELECT
// joining `buckets`, because it runs for every cross-origin request.
#include <boost/json.hpp>

#include "s3sandbox/core/log.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {
namespace json = boost::json;

json::array to_json(const std::vector<std::string>& values) {
  json::array out;
  for (const std::string& v : values) out.emplace_back(v);
  return out;
}

std::string encode_rules(const std::vector<CorsRule>& rules) {
  json::array out;
  for (const CorsRule& r : rules) {
    json::object o;
    o["id"] = r.id;
    o["origins"] = to_json(r.allowed_origins);
    o["methods"] = to_json(r.allowed_methods);
    o["headers"] = to_json(r.allowed_headers);
    o["expose"] = to_json(r.expose_headers);
    if (r.max_age_seconds) o["max_age"] = *r.max_age_seconds;
    out.push_back(std::move(o));
  }
  return json::serialize(out);
}

std::vector<std::string> strings_of(const json::object& o, std::string_view name) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(name);
  if (v == nullptr || !v->is_array()) return out;
  for (const json::value& item : v->as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

// Our own JSON; a damaged row is logged and read as no rules (a refusal, never a crash).
std::vector<CorsRule> decode_rules(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  std::vector<CorsRule> out;
  if (ec || !v.is_array()) {
    core::log_error("storage: unreadable bucket_cors row");
    return out;
  }
  for (const json::value& item : v.as_array()) {
    if (!item.is_object()) continue;
    const json::object& o = item.as_object();
    CorsRule r;
    if (const json::value* id = o.if_contains("id"); id && id->is_string()) {
      r.id = std::string(id->as_string());
    }
    r.allowed_origins = strings_of(o, "origins");
    r.allowed_methods = strings_of(o, "methods");
    r.allowed_headers = strings_of(o, "headers");
    r.expose_headers = strings_of(o, "expose");
    if (const json::value* age = o.if_contains("max_age"); age && age->is_int64()) {
      r.max_age_seconds = age->as_int64();
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

core::Result<void> SqliteBackend::put_bucket_cors(const std::string& bucket,
                                                  const std::vector<CorsRule>& rules) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**tx, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  auto s = (*tx)->prepare("INSERT OR REPLACE INTO bucket_cors(bucket, rules) VALUES (?1, ?2)");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_text(2, encode_rules(rules));
  if (auto r = (*s)->run(); !r) return r;
  return tx->commit();
}

core::Result<std::optional<std::vector<CorsRule>>> SqliteBackend::get_bucket_cors(
    const std::string& bucket) {
  auto text = read_bucket_setting(
      "SELECT c.rules FROM buckets b LEFT JOIN bucket_cors c ON c.bucket = b.name "
      "WHERE b.name = ?1",
      bucket);
  if (!text) return text.error();
  if (!*text) return std::optional<std::vector<CorsRule>>();
  return std::optional<std::vector<CorsRule>>(decode_rules(**text));
}

core::Result<void> SqliteBackend::delete_bucket_cors(const std::string& bucket) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**tx, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  auto s = (*tx)->prepare("DELETE FROM bucket_cors WHERE bucket = ?1");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket);
  if (auto r = (*s)->run(); !r) return r;
  return tx->commit();
}

}  // namespace s3sandbox::storage
