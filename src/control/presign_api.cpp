#include "s3sandbox/control/presign_api.hpp"

#include <array>
#include <boost/json.hpp>

#include "s3sandbox/auth/presign.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::control {
namespace {

namespace json = boost::json;

// The response-* overrides S3 accepts on a GET (GetObject's request parameters).
constexpr std::array<std::string_view, 6> kOverrides = {
    "content-type",  "content-language",    "expires",
    "cache-control", "content-disposition", "content-encoding"};

core::Response bad(const std::string& message) {
  return json_error(400, "InvalidPresignRequest", message);
}

std::optional<std::string> text(const json::object& body, std::string_view name) {
  const json::value* v = body.if_contains(name);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

// Single-quoted for a POSIX shell.
std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string key_file_name(const std::string& key) {
  auto slash = key.rfind('/');
  std::string name = slash == std::string::npos ? key : key.substr(slash + 1);
  return name.empty() || name == "${filename}" ? "file" : name;
}

std::string curl_for(const std::string& method, const std::string& url,
                     const std::vector<core::Header>& headers, const std::string& key) {
  std::string cmd = "curl -f";
  if (method == "PUT") {
    cmd += " -T " + shell_quote("./" + key_file_name(key));
  } else if (method == "GET") {
    cmd += " -o " + shell_quote(key_file_name(key));
  } else if (method == "HEAD") {
    cmd += " -I";
  } else {
    cmd += " -X " + method;
  }
  for (const core::Header& h : headers) cmd += " -H " + shell_quote(h.name + ": " + h.value);
  return cmd + " " + shell_quote(url);
}

json::object error_json(const core::S3Error& e) {
  return json::object{{"error", json::object{{"code", e.info().code},
                                             {"message", e.effective_message()},
                                             {"diagnosis", e.diagnosis}}}};
}

}  // namespace

void add_presign_routes(ControlRoutes& routes, auth::CredentialStore credentials,
                        std::string region, const core::Clock& clock) {
  routes.add(
      "POST", "presign",
      [credentials = std::move(credentials), region = std::move(region),
       &clock](const ControlRequest& r) {
        auto parsed = parse_json_object(r.body);
        if (auto* refusal = std::get_if<core::Response>(&parsed)) return std::move(*refusal);
        const json::object& body = std::get<json::object>(parsed);

        std::string bucket, key, method, signature, content_type, disposition, access_key, endpoint;
        for (auto [name, target] : {std::pair<std::string_view, std::string*>{"bucket", &bucket},
                                    {"key", &key},
                                    {"method", &method},
                                    {"signature", &signature},
                                    {"content_type", &content_type},
                                    {"content_disposition", &disposition},
                                    {"access_key", &access_key},
                                    {"endpoint", &endpoint}}) {
          auto value = text(body, name);
          if (!value) return bad("\"" + std::string(name) + "\" must be a string");
          *target = std::move(*value);
        }
        if (method.empty()) method = "GET";
        if (signature.empty()) signature = "v4";
        if (bucket.empty()) return bad("\"bucket\" is required: the bucket the URL is for");
        if (method != "GET" && method != "PUT" && method != "HEAD" && method != "DELETE" &&
            method != "POST") {
          return bad("\"method\" must be GET, PUT, HEAD, DELETE or POST (a browser form upload)");
        }
        if (method != "POST" && key.empty()) return bad("\"key\" is required for " + method);
        if (signature != "v4" && signature != "v2")
          return bad("\"signature\" must be \"v4\" or \"v2\"");

        auth::PresignInput in;
        in.method = method;
        in.bucket = bucket;
        in.key = key.empty() ? "${filename}" : key;
        in.region = region;
        in.now = clock.now();
        in.expires_seconds = 3600;
        if (const json::value* e = body.if_contains("expires"); e && !e->is_null()) {
          if (!e->is_int64()) return bad("\"expires\" must be a whole number of seconds");
          in.expires_seconds = e->as_int64();
        }
        const auth::Credential* credential =
            access_key.empty() ? (credentials.empty() ? nullptr : &credentials.all().front())
                               : credentials.find(access_key);
        if (credential == nullptr) {
          return bad("no credential with access key '" + access_key +
                     "' is configured; leave \"access_key\" out to use the first one");
        }
        in.credential = *credential;
        if ((!content_type.empty() || !disposition.empty()) && method != "PUT" &&
            method != "POST") {
          return bad(
              "\"content_type\" and \"content_disposition\" are what an upload (PUT or POST) "
              "must send; for a download, set the response overrides instead "
              "(\"response\": {\"content-type\": ...})");
        }
        if (!content_type.empty()) in.headers.push_back({"Content-Type", content_type});
        if (!disposition.empty()) in.headers.push_back({"Content-Disposition", disposition});
        if (const json::value* overrides = body.if_contains("response");
            overrides && !overrides->is_null()) {
          if (!overrides->is_object()) return bad("\"response\" must be an object");
          for (const auto& [name, value] : overrides->as_object()) {
            if (!value.is_string()) return bad("response override values must be strings");
            if (value.as_string().empty()) continue;
            std::string bare(name);
            if (bare.starts_with("response-")) bare = bare.substr(9);
            if (std::find(kOverrides.begin(), kOverrides.end(), bare) == kOverrides.end()) {
              return bad("unknown response override '" + std::string(name) +
                         "': S3 takes response-content-type, -content-language, -expires, "
                         "-cache-control, -content-disposition, -content-encoding");
            }
            if (method != "GET") {
              return bad("response-* overrides apply to GET only (S3 refuses them elsewhere)");
            }
            in.query.push_back({"response-" + bare, std::string(value.as_string())});
          }
        }
        if (endpoint.empty()) {
          // The endpoint the request came to, in its scheme: asked over HTTPS, https:// URLs.
          endpoint =
              r.http.scheme + "://" + std::string(r.http.header("Host").value_or("localhost"));
        }
        while (endpoint.ends_with('/')) endpoint.pop_back();
        const auto scheme_end = endpoint.find("://");
        if (scheme_end == std::string::npos || endpoint.size() == scheme_end + 3) {
          return bad("\"endpoint\" must look like http://host:port");
        }
        in.host = endpoint.substr(scheme_end + 3);

        json::object out;
        if (method == "POST") {
          // A form's own fields go in the body; Content-Type etc. are fields, not headers.
          auto form = auth::presign_post(in, signature == "v4");
          if (!form) return json_response(error_json(form.error()), 400);
          json::array fields;
          std::string cmd = "curl -f";
          for (const auto& [name, value] : form->fields) {
            fields.push_back(json::array{name, value});
            cmd += " -F " + shell_quote(name + "=" + value);
          }
          cmd += " -F " + shell_quote("file=@./" + key_file_name(in.key)) + " " +
                 shell_quote(endpoint + form->target);
          out = {{"url", endpoint + form->target},
                 {"method", "POST"},
                 {"signature", signature},
                 {"expires", core::format_iso8601(form->expires)},
                 {"access_key", in.credential.access_key},
                 {"fields", std::move(fields)},
                 {"policy", form->policy_json},
                 {"curl", cmd}};
          return json_response(out);
        }
        auto made = signature == "v4" ? auth::presign_sigv4(in) : auth::presign_sigv2(in);
        if (!made) return json_response(error_json(made.error()), 400);
        const std::string url = endpoint + made->target;
        json::object must_send;
        for (const core::Header& h : in.headers) must_send[h.name] = h.value;
        out = {{"url", url},
               {"method", method},
               {"signature", signature},
               {"expires", core::format_iso8601(made->expires)},
               {"access_key", in.credential.access_key},
               {"headers", std::move(must_send)},
               {"curl", curl_for(method, url, in.headers, in.key)},
               {"canonical_request", made->canonical_request},
               {"string_to_sign", made->string_to_sign}};
        return json_response(out);
      });
}

}  // namespace s3sandbox::control
