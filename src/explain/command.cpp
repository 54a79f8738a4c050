// The explain subcommand's command line: `s3sandbox explain URL [options]`. Offline: it reads
// the URL and, with --credential, checks the signature as the server would; nothing is started.
#include "s3sandbox/explain/command.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <ostream>
#include <string_view>

#include "s3sandbox/core/time_format.hpp"
#include "s3sandbox/explain/explain.hpp"
#include "s3sandbox/explain/render.hpp"

namespace s3sandbox::explain {
namespace {

constexpr int kUsable = 0, kNotUsable = 1, kBadUsage = 2;

struct Parsed {
  ExplainInput input;
  ExplainOptions options;
  bool json = false;
  bool help = false;
  std::optional<core::TimePoint> now;
};

std::optional<core::Header> parse_header(std::string_view spec) {
  auto colon = spec.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view value = spec.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  return core::Header{std::string(spec.substr(0, colon)), std::string(value)};
}

// The option's value, from "--name=value" or the next argument; nullopt when missing.
std::optional<std::string> take_value(std::string_view arg, std::string_view name, int& i, int argc,
                                      const char* const* argv) {
  if (arg.size() > name.size() && arg[name.size()] == '=') {
    return std::string(arg.substr(name.size() + 1));
  }
  if (i + 1 >= argc) return std::nullopt;
  return std::string(argv[++i]);
}

// An error message, or "" when the option was applied.
std::string apply(std::string_view name, const std::string& value, Parsed& p) {
  if (name == "--method") {
    p.input.method = value;
  } else if (name == "--header") {
    auto header = parse_header(value);
    if (!header) return "--header wants 'Name: value', got '" + value + "'";
    p.input.headers.push_back(std::move(*header));
  } else if (name == "--credential") {
    p.input.credential = auth::parse_credential(value);
    if (!p.input.credential) return "--credential wants ACCESS_KEY:SECRET_KEY";
  } else if (name == "--domain") {
    p.options.domains.push_back(value);
  } else if (name == "--region") {
    p.options.region = value;
  } else if (name == "--page-origin") {
    p.options.page_origin = value;
  } else if (name == "--expect-host") {
    p.options.expect_host = value;
  } else if (name == "--now") {
    p.now = core::parse_iso8601(value);
    if (!p.now) return "--now wants an ISO 8601 time like 2026-01-31T12:00:00Z";
  }
  return "";
}

constexpr std::string_view kValued[] = {"--method", "--header",      "--credential",  "--domain",
                                        "--region", "--page-origin", "--expect-host", "--now"};

std::string parse(int argc, const char* const* argv, Parsed& p) {
  bool domain_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--json") {
      p.json = true;
      continue;
    }
    if (arg == "--help" || arg == "-h") {
      p.help = true;
      continue;
    }
    if (!arg.starts_with("--")) {
      if (!p.input.url.empty()) return "give one URL (quote it: its '&'s end a shell command)";
      p.input.url = std::string(arg);
      continue;
    }
    std::string_view name = arg.substr(0, arg.find('='));
    if (std::find(std::begin(kValued), std::end(kValued), name) == std::end(kValued)) {
      return "unknown option '" + std::string(arg) + "'";
    }
    auto value = take_value(arg, name, i, argc, argv);
    if (!value) return std::string(name) + " needs a value";
    if (name == "--domain" && !domain_given) {
      p.options.domains.clear();  // the default "localhost" gives way to the ones given
      domain_given = true;
    }
    if (std::string error = apply(name, *value, p); !error.empty()) return error;
  }
  if (!p.help && p.input.url.empty()) return "give the presigned URL to explain";
  return "";
}

}  // namespace

std::string command_help() {
  return "Usage: s3sandbox explain URL [options]\n"
         "Explains a presigned URL offline: its signature version, region and access key, the\n"
         "bucket, key and addressing style, the method it allows, every signed header and the\n"
         "value to send, its signing time and expiry, checksums, response-* overrides, and the\n"
         "mistakes it carries. With --credential the signature is checked as the server would.\n"
         "\n"
         "  --method M               the method the URL will be used with (default: try them)\n"
         "  --header 'Name: value'   a header the request will send (repeatable)\n"
         "  --credential AK:SK       check the signature with this access key and secret\n"
         "  --json                   print JSON (the shape POST /_sandbox/explain answers)\n"
         "  --page-origin ORIGIN     the origin of the page using the URL (https://app.example)\n"
         "  --expect-host HOST[:PORT] the host the URL should point at\n"
         "  --domain DOMAIN          virtual-hosted style domain (repeatable; default localhost)\n"
         "  --region REGION          the region the URL must be signed for (default: any)\n"
         "  --now TIME               judge expiry at this ISO 8601 time instead of now\n"
         "\n"
         "Exit status: 0 usable as given, 1 not usable, 2 bad usage.\n";
}

int run_command(int argc, const char* const* argv, core::TimePoint now, std::ostream& out,
                std::ostream& err) {
  Parsed p;
  if (std::string error = parse(argc, argv, p); !error.empty()) {
    err << "s3sandbox explain: " << error << "\n\n" << command_help();
    return kBadUsage;
  }
  if (p.help) {
    out << command_help();
    return kUsable;
  }
  Report report = explain(p.input, p.options, p.now.value_or(now));
  if (p.json) {
    out << boost::json::serialize(to_json(report)) << "\n";
  } else {
    out << to_text(report);
  }
  return report.usable() ? kUsable : kNotUsable;
}

}  // namespace s3sandbox::explain
