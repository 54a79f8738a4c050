#include "s3sandbox/control/console_api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <memory>

#include "s3sandbox/auth/presign.hpp"
#include "s3sandbox/control/console_assets.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {
namespace json = boost::json;
namespace {

core::Response asset_response(const ConsoleAsset& asset, const ControlRequest& r) {
  core::Response resp;
  resp.headers.push_back({"Content-Type", std::string(asset.content_type)});
  resp.headers.push_back({"ETag", std::string(asset.etag)});
  // Revalidated on every load (a new binary may carry new files), answered 304 when unchanged.
  resp.headers.push_back({"Cache-Control", "no-cache"});
  resp.headers.push_back({"Content-Security-Policy", std::string(kConsoleCsp)});
  resp.headers.push_back({"X-Content-Type-Options", "nosniff"});
  resp.headers.push_back({"Referrer-Policy", "no-referrer"});
  resp.headers.push_back({"X-Frame-Options", "DENY"});
  if (auto inm = r.http.header("If-None-Match"); inm && *inm == asset.etag) {
    resp.status = 304;
    resp.content_length = 0;
    return resp;
  }
  resp.body = std::string(asset.body);
  return resp;
}

const ConsoleAsset* find_asset(std::string_view path) {
  for (const ConsoleAsset& a : console_assets()) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

// Object count and total size of a bucket, walking its keys a page at a time (the index has no
// per-bucket totals; a page costs O(page), so 100,000 keys are 100 index reads).
struct BucketTotals {
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;
};
core::Result<BucketTotals> totals_of(storage::Backend& backend, const std::string& bucket) {
  BucketTotals t;
  storage::ListQuery q;
  for (;;) {
    auto page = backend.list_objects(bucket, q);
    if (!page) return page.error();
    for (const auto& o : page->objects) {
      ++t.objects;
      t.bytes += o.size;
    }
    if (!page->truncated || page->next_after.empty()) return t;
    q.after = page->next_after;
  }
}

core::Response list_buckets(storage::Backend& backend, const std::string& region) {
  auto buckets = backend.list_buckets();
  if (!buckets) {
    return json_error(
        500, "InternalError",
        "cannot list the buckets: " + std::string(buckets.error().effective_message()));
  }
  json::array out;
  for (const auto& b : *buckets) {
    json::object row{{"name", b.name},
                     {"created", core::format_iso8601(b.created)},
                     {"region", b.region.empty() ? "us-east-1" : b.region}};
    if (auto t = totals_of(backend, b.name)) {
      row["objects"] = t->objects;
      row["bytes"] = t->bytes;
    } else {
      row["objects"] = nullptr;  // deleted meanwhile
      row["bytes"] = nullptr;
    }
    out.push_back(std::move(row));
  }
  return json_response(json::object{{"buckets", std::move(out)}, {"region", region}});
}

// One page of a bucket's keys, with what S3's ListObjectsV2 leaves out (the content type). The
// token is the last key or folder of the previous page (the backend's `after`), so paging costs
// O(page) however large the bucket.
core::Response list_page(storage::Backend& backend, const ControlRequest& r) {
  const std::string bucket = r.query("bucket").value_or("");
  if (bucket.empty()) return json_error(400, "MissingBucket", "give the bucket: ?bucket=NAME");
  storage::ListQuery q;
  q.prefix = r.query("prefix").value_or("");
  q.delimiter = r.query("delimiter").value_or("");
  q.after = r.query("token").value_or("");
  if (!q.after.empty() && !q.after.starts_with(q.prefix)) q.after.clear();
  const std::string max = r.query("max").value_or("100");
  q.max_keys = std::clamp(std::atoi(max.c_str()), 1, 1000);
  auto page = backend.list_objects(bucket, q);
  if (!page) {
    const core::S3Error& e = page.error();
    const bool missing = e.code == core::ErrorCode::kNoSuchBucket;
    return json_error(
        missing ? 404 : 500, missing ? "NoSuchBucket" : "InternalError",
        missing ? "there is no bucket named " + bucket : std::string(e.effective_message()));
  }
  json::array folders;
  for (const auto& p : page->common_prefixes) folders.push_back(json::value(p));
  json::array objects;
  for (const auto& o : page->objects) {
    objects.push_back(json::object{{"key", o.key},
                                   {"size", o.size},
                                   {"last_modified", core::format_iso8601(o.last_modified)},
                                   {"etag", "\"" + o.etag + "\""},
                                   {"content_type", o.content.content_type},
                                   {"storage_class", o.storage_class}});
  }
  return json_response(json::object{
      {"folders", std::move(folders)},
      {"objects", std::move(objects)},
      {"next", page->truncated ? json::value(page->next_after) : json::value(nullptr)}});
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Reads {"a": "x", ...} of strings into pairs; false when it is something else.
bool string_pairs(const json::value* v, std::vector<std::pair<std::string, std::string>>& out) {
  if (v == nullptr || v->is_null()) return true;
  if (!v->is_object()) return false;
  for (const auto& m : v->get_object()) {
    if (!m.value().is_string()) return false;
    out.emplace_back(std::string(m.key()), std::string(m.value().get_string()));
  }
  return true;
}

// The page never holds a secret: it asks for the exact S3 request it is about to send (method,
// bucket, key, query, the headers it will send) signed with the server's first credential, then
// sends it as any S3 client would, through routing, SigV4 verification, the handlers and the
// journal. Signed by auth::presign_sigv4, the Share view's signer, so there is one presigner.
core::Response presign(const ConsoleContext& ctx, const ControlRequest& r) {
  auto parsed = parse_json_object(r.body);
  if (auto* refusal = std::get_if<core::Response>(&parsed)) return std::move(*refusal);
  const json::object& body = std::get<json::object>(parsed);
  const auto text = [&body](std::string_view name) -> std::string {
    const json::value* v = body.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auth::PresignInput in;
  in.method = text("method");
  if (in.method != "GET" && in.method != "PUT" && in.method != "POST" && in.method != "DELETE" &&
      in.method != "HEAD") {
    return json_error(
        400, "InvalidMethod",
        "method must be one of GET, PUT, POST, DELETE, HEAD (got '" + in.method + "')");
  }
  in.bucket = text("bucket");  // "" for the service (ListBuckets)
  in.key = text("key");        // "" for the bucket
  if (in.bucket.empty() && !in.key.empty()) {
    return json_error(400, "MissingBucket", "a key was given without its bucket");
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (!string_pairs(body.if_contains("query"), in.query) ||
      !string_pairs(body.if_contains("headers"), headers)) {
    return json_error(400, "InvalidPresign",
                      "query and headers must be JSON objects of strings, like "
                      "{\"uploadId\": \"...\"}");
  }
  for (const auto& [name, value] : headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) {
      return json_error(400, "InvalidHeaderName", "'" + name + "' is not a header name");
    }
  }
  in.expires_seconds = 900;
  if (const json::value* e = body.if_contains("expires"); e != nullptr && e->is_number()) {
    const double s = e->to_number<double>();
    if (!(s >= 1 && s <= 604800)) {
      return json_error(400, "InvalidExpires",
                        "expires is in seconds, from 1 to 604800 (seven days, SigV4's limit)");
    }
    in.expires_seconds = static_cast<long long>(s);
  }
  // Marks the request in the journal as the console's: a signed header the page sends. Not for
  // a URL an element loads (<img src>, a download link): the browser sends no extra header then.
  const json::value* mark = body.if_contains("mark");
  if (mark == nullptr || !mark->is_bool() || mark->get_bool()) {
    headers.emplace_back("x-s3sandbox-console", "1");
  }
  json::object sent;
  for (auto& [name, value] : headers) {
    sent[name] = value;
    in.headers.push_back({std::move(name), std::move(value)});
  }
  in.host = std::string(r.http.header("Host").value_or(""));
  in.now = ctx.clock.now();
  in.region = ctx.region;
  in.credential = ctx.credential;
  auto signed_url = auth::presign_sigv4(in);
  if (!signed_url) {
    return json_error(400, "InvalidPresign", std::string(signed_url.error().effective_message()));
  }
  return json_response(json::object{
      {"url", std::move(signed_url->target)},
      {"headers", std::move(sent)},
  });
}

}  // namespace

void add_console_routes(ControlRoutes& routes, const ConsoleContext& context) {
  auto ctx = std::make_shared<const ConsoleContext>(context);
  routes.add("GET", "console", [](const ControlRequest& r) {
    if (r.op.sandbox_path.ends_with('/')) {
      if (const ConsoleAsset* index = find_asset("index.html")) return asset_response(*index, r);
    }
    core::Response resp;
    resp.status = 301;
    resp.headers.push_back({"Location", "/_sandbox/console/"});
    resp.headers.push_back({"Cache-Control", "no-cache"});
    return resp;
  });
  routes.add("GET", "console/api/buckets",
             [ctx](const ControlRequest&) { return list_buckets(ctx->backend, ctx->region); });
  routes.add("GET", "console/api/list",
             [ctx](const ControlRequest& r) { return list_page(ctx->backend, r); });
  routes.add("POST", "console/api/presign",
             [ctx](const ControlRequest& r) { return presign(*ctx, r); });
  // The files, after the API (the first matching route wins): one pattern per depth rather than
  // a route per file, so that a 404 of the control API lists endpoints, not every file.
  std::size_t depth = 0;
  for (const ConsoleAsset& asset : console_assets()) {
    depth = std::max<std::size_t>(depth, 1 + std::count(asset.path.begin(), asset.path.end(), '/'));
  }
  std::string pattern = "console";
  for (std::size_t d = 1; d <= depth; ++d) {
    pattern += "/{" + std::to_string(d) + "}";
    routes.add("GET", pattern, [d](const ControlRequest& r) {
      std::string path;
      for (std::size_t i = 1; i <= d; ++i) {
        if (i > 1) path += '/';
        path += r.path_param(std::to_string(i));
      }
      if (const ConsoleAsset* asset = find_asset(path)) return asset_response(*asset, r);
      return json_error(404, "NoSuchConsoleFile",
                        "the console has no file " + path + "; open /_sandbox/console/");
    });
  }
}

}  // namespace s3sandbox::control
