// Reads the command line and S3SANDBOX_* environment variables into a Config. Precedence:
// command line > environment > defaults. Every option has an environment twin so that compose
// files and CI jobs can configure the server without changing the command.
#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "s3sandbox/config/config.hpp"
#include "s3sandbox/core/time_format.hpp"

namespace s3sandbox::config {
namespace {

struct Error {
  std::string message;
};

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto comma = s.find(',', start);
    std::string_view item =
        s.substr(start, comma == std::string_view::npos ? s.npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<std::string> parse_listen(std::string_view spec, Config& cfg,
                                        std::string_view option = "--listen") {
  auto colon = spec.rfind(':');
  if (colon == std::string_view::npos)
    return std::string(option) + " wants HOST:PORT, got '" + std::string(spec) + "'";
  std::string host(spec.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::string_view port_text = spec.substr(colon + 1);
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535 ||
      host.empty()) {
    return std::string(option) + " wants HOST:PORT with a port from 0 to 65535, got '" +
           std::string(spec) + "'";
  }
  if (option == "--tls-listen") {
    cfg.tls_listen_host = host;
    cfg.tls_listen_port = static_cast<std::uint16_t>(port);
  } else {
    cfg.listen_host = host;
    cfg.listen_port = static_cast<std::uint16_t>(port);
  }
  return std::nullopt;
}

std::optional<std::string> add_credential(std::string_view spec, Config& cfg) {
  auto cred = auth::parse_credential(spec);
  if (!cred) return std::string("--credential wants ACCESS_KEY:SECRET_KEY");
  cfg.credentials.push_back(*cred);
  return std::nullopt;
}

// A credentials file: either lines of "ACCESS_KEY:SECRET_KEY", or the AWS shared-credentials
// format (aws_access_key_id / aws_secret_access_key pairs in [profile] sections). '#' comments.
std::optional<std::string> read_credentials_file(const std::string& path, Config& cfg) {
  std::ifstream in(path);
  if (!in) return "cannot read credentials file '" + path + "'";
  std::string line, pending_key;
  auto trim = [](std::string s) {
    auto b = s.find_first_not_of(" \t\r");
    auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
    auto eq = line.find('=');
    if (eq != std::string::npos) {
      std::string name = trim(line.substr(0, eq));
      std::string value = trim(line.substr(eq + 1));
      if (name == "aws_access_key_id") pending_key = value;
      if (name == "aws_secret_access_key" && !pending_key.empty()) {
        cfg.credentials.push_back({pending_key, value});
        pending_key.clear();
      }
      continue;
    }
    if (auto err = add_credential(line, cfg)) return "credentials file '" + path + "': " + *err;
  }
  return std::nullopt;
}

std::optional<std::string> set_auth_mode(std::string_view v, Config& cfg) {
  if (v == "strict")
    cfg.auth_mode = auth::AuthMode::kStrict;
  else if (v == "warn")
    cfg.auth_mode = auth::AuthMode::kWarn;
  else if (v == "off")
    cfg.auth_mode = auth::AuthMode::kOff;
  else
    return "--auth wants strict, warn or off, got '" + std::string(v) + "'";
  return std::nullopt;
}

bool truthy(std::string_view v) { return v == "1" || v == "true" || v == "yes" || v == "on"; }

// Applies one option (name without leading dashes) to the config.
std::optional<std::string> apply(std::string_view name, std::string_view value, Config& cfg) {
  if (name == "listen") return parse_listen(value, cfg);
  if (name == "data-dir") {
    cfg.data_dir = value;
    cfg.ephemeral = false;
    return std::nullopt;
  }
  if (name == "ephemeral") {
    cfg.ephemeral = truthy(value);
    return std::nullopt;
  }
  if (name == "credential") return add_credential(value, cfg);
  if (name == "credentials-file") return read_credentials_file(std::string(value), cfg);
  if (name == "region") {
    if (value.empty()) return std::string("--region must not be empty");
    cfg.region = value;
    return std::nullopt;
  }
  if (name == "fixtures") {
    cfg.fixtures_dir = value;
    return std::nullopt;
  }
  if (name == "fixtures-mode") {
    if (value == "once") {
      cfg.fixtures_mode = FixturesMode::kOnce;
    } else if (value == "always") {
      cfg.fixtures_mode = FixturesMode::kAlways;
    } else {
      return "--fixtures-mode wants once or always, got '" + std::string(value) + "'";
    }
    return std::nullopt;
  }
  if (name == "clock-freeze") {
    auto at = value == "now" ? std::optional(std::chrono::system_clock::now())
                             : core::parse_iso8601(value);
    if (!at) {
      return "--clock-freeze wants now or an instant like 2030-01-01T00:00:00Z, got '" +
             std::string(value) + "'";
    }
    cfg.clock_freeze = *at;
    return std::nullopt;
  }
  if (name == "log-level") {
    auto level = core::parse_log_level(value);
    if (!level)
      return "--log-level wants error, warn, info or debug, got '" + std::string(value) + "'";
    cfg.log_level = *level;
    return std::nullopt;
  }
  if (name == "auth") return set_auth_mode(value, cfg);
  if (name == "host-alias") {
    cfg.host_aliases.emplace_back(value);
    return std::nullopt;
  }
  if (name == "domain") {
    cfg.domains.emplace_back(value);
    return std::nullopt;
  }
  if (name == "clock-offset") {
    auto d = core::parse_duration(value);
    if (!d)
      return "--clock-offset wants a duration like +2h, -30m, 90s, got '" + std::string(value) +
             "'";
    cfg.clock_offset = *d;
    return std::nullopt;
  }
  if (name == "threads") {
    int n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size() || n < 0 || n > 256) {
      return "--threads wants a number from 0 (one per CPU) to 256";
    }
    cfg.threads = n;
    return std::nullopt;
  }
  if (name == "pin-threads") {
    cfg.pin_threads = truthy(value);
    return std::nullopt;
  }
  if (name == "fsync") {
    cfg.fsync = truthy(value);
    return std::nullopt;
  }
  if (name == "min-part-size") {
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size() || value.empty())
      return "--min-part-size wants a byte count, got '" + std::string(value) + "'";
    cfg.min_part_size = n;
    return std::nullopt;
  }
  if (name == "cors") {
    if (value == "permissive") {
      cfg.cors = CorsMode::kPermissive;
    } else if (value == "buckets") {
      cfg.cors = CorsMode::kBuckets;
    } else {
      return "--cors wants permissive or buckets, got '" + std::string(value) + "'";
    }
    return std::nullopt;
  }
  if (name == "messages") {
    if (value == "diagnosed") {
      cfg.s3_messages = false;
    } else if (value == "s3") {
      cfg.s3_messages = true;
    } else {
      return "--messages wants diagnosed or s3, got '" + std::string(value) + "'";
    }
    return std::nullopt;
  }
  if (name == "control") {
    if (value == "loopback") {
      cfg.control.exposure = control::ControlExposure::kLoopback;
    } else if (value == "open") {
      cfg.control.exposure = control::ControlExposure::kOpen;
    } else {
      return "--control wants loopback or open, got '" + std::string(value) + "'";
    }
    return std::nullopt;
  }
  if (name == "control-token") {
    if (value.size() < 16) {
      return std::string(
          "--control-token wants at least 16 characters (it guards the reset, "
          "fault and journal endpoints), e.g. $(openssl rand -hex 16)");
    }
    cfg.control.token = value;
    return std::nullopt;
  }
  if (name == "notify-target") {
    // ARN=URL; an ARN holds ':' but never '=', so the first '=' separates them.
    auto eq = value.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == value.size()) {
      return "--notify-target wants ARN=URL, e.g. "
             "arn:aws:sqs:us-east-1:123456789012:uploads=http://127.0.0.1:8080/hook, got '" +
             std::string(value) + "'";
    }
    cfg.notify_targets.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    return std::nullopt;
  }
  if (name == "journal-size") {
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size() || value.empty() ||
        n > 10'000'000) {
      return "--journal-size wants a number of requests from 0 (off) to 10000000, got '" +
             std::string(value) + "'";
    }
    cfg.journal_size = static_cast<std::size_t>(n);
    return std::nullopt;
  }
  if (name == "journal-file") {
    cfg.journal_file = value;
    return std::nullopt;
  }
  if (name == "fault") {
    // Repeatable; one value may also hold several rules separated by ';' (S3SANDBOX_FAULTS),
    // since a rule's own separator is the comma. Rules are checked when the server starts.
    for (std::size_t start = 0; start <= value.size();) {
      const auto end = std::min(value.find(';', start), value.size());
      std::string_view rule = value.substr(start, end - start);
      while (!rule.empty() && rule.front() == ' ') rule.remove_prefix(1);
      if (!rule.empty()) cfg.faults.emplace_back(rule);
      start = end + 1;
    }
    return std::nullopt;
  }
  if (name == "allow-ssec-over-http") {
    cfg.allow_ssec_over_http = truthy(value);
    return std::nullopt;
  }
  if (name == "tls") {
    if (value == "auto") {
      cfg.tls_auto = true;
    } else if (value == "off") {
      cfg.tls_auto = false;
      cfg.tls_cert.clear();
      cfg.tls_key.clear();
    } else {
      return "--tls wants auto (a local CA and certificate, made once in the data dir) or off; "
             "for your own certificate use --tls-cert FILE --tls-key FILE, got '" +
             std::string(value) + "'";
    }
    return std::nullopt;
  }
  if (name == "tls-cert") {
    cfg.tls_cert = value;
    return std::nullopt;
  }
  if (name == "tls-key") {
    cfg.tls_key = value;
    return std::nullopt;
  }
  if (name == "tls-listen") return parse_listen(value, cfg, "--tls-listen");
  if (name == "access-log") {
    cfg.access_log = truthy(value);
    return std::nullopt;
  }
  return "unknown option --" + std::string(name) + " (see --help)";
}

struct EnvOption {
  const char* variable;
  const char* option;
  bool list;  // comma-separated, applied once per item
};

constexpr EnvOption kEnv[] = {
    {"S3SANDBOX_LISTEN", "listen", false},
    {"S3SANDBOX_DATA_DIR", "data-dir", false},
    {"S3SANDBOX_EPHEMERAL", "ephemeral", false},
    {"S3SANDBOX_CREDENTIALS", "credential", true},
    {"S3SANDBOX_CREDENTIALS_FILE", "credentials-file", false},
    {"S3SANDBOX_REGION", "region", false},
    {"S3SANDBOX_FIXTURES", "fixtures", false},
    {"S3SANDBOX_FIXTURES_MODE", "fixtures-mode", false},
    {"S3SANDBOX_CLOCK_FREEZE", "clock-freeze", false},
    {"S3SANDBOX_LOG_LEVEL", "log-level", false},
    {"S3SANDBOX_AUTH", "auth", false},
    {"S3SANDBOX_HOST_ALIASES", "host-alias", true},
    {"S3SANDBOX_DOMAINS", "domain", true},
    {"S3SANDBOX_CLOCK_OFFSET", "clock-offset", false},
    {"S3SANDBOX_THREADS", "threads", false},
    {"S3SANDBOX_PIN_THREADS", "pin-threads", false},
    {"S3SANDBOX_FSYNC", "fsync", false},
    {"S3SANDBOX_ACCESS_LOG", "access-log", false},
    {"S3SANDBOX_ALLOW_SSEC_OVER_HTTP", "allow-ssec-over-http", false},
    {"S3SANDBOX_MIN_PART_SIZE", "min-part-size", false},
    {"S3SANDBOX_CORS", "cors", false},
    {"S3SANDBOX_MESSAGES", "messages", false},
    {"S3SANDBOX_CONTROL", "control", false},
    {"S3SANDBOX_CONTROL_TOKEN", "control-token", false},
    {"S3SANDBOX_JOURNAL_SIZE", "journal-size", false},
    {"S3SANDBOX_JOURNAL_FILE", "journal-file", false},
    {"S3SANDBOX_FAULTS", "fault", false},  // ';'-separated: rules contain commas
    {"S3SANDBOX_NOTIFY_TARGETS", "notify-target", true},
    {"S3SANDBOX_TLS", "tls", false},
    {"S3SANDBOX_TLS_CERT", "tls-cert", false},
    {"S3SANDBOX_TLS_KEY", "tls-key", false},
    {"S3SANDBOX_TLS_LISTEN", "tls-listen", false},
};

// Flags that take no value on the command line.
bool is_flag(std::string_view name) {
  return name == "ephemeral" || name == "pin-threads" || name == "allow-ssec-over-http";
}

std::string default_data_dir(const std::map<std::string, std::string>& env) {
  if (auto it = env.find("XDG_DATA_HOME"); it != env.end() && !it->second.empty()) {
    return it->second + "/s3sandbox";
  }
  if (auto it = env.find("HOME"); it != env.end() && !it->second.empty()) {
    return it->second + "/.local/share/s3sandbox";
  }
  return "./s3sandbox-data";
}

}  // namespace

std::optional<std::string> check_tls(const Config& cfg) {
  if (cfg.tls_cert.empty() != cfg.tls_key.empty()) {
    return std::string(cfg.tls_cert.empty() ? "--tls-key needs --tls-cert (the certificate)"
                                            : "--tls-cert needs --tls-key (its private key)");
  }
  if (cfg.tls_auto && !cfg.tls_cert.empty()) {
    return std::string(
        "--tls auto makes its own certificate: drop it, or drop --tls-cert and --tls-key");
  }
  if (!cfg.tls() && cfg.tls_listen_port) {
    return std::string("--tls-listen needs --tls auto or --tls-cert FILE --tls-key FILE");
  }
  if (cfg.tls() && !cfg.tls_listen_port && cfg.listen_port == 65535) {
    return std::string(
        "the HTTPS port defaults to the --listen port + 1, and 65535 has none: give "
        "--tls-listen HOST:PORT");
  }
  return std::nullopt;
}

ParseOutcome parse_command_line(int argc, const char* const* argv,
                                const std::map<std::string, std::string>& env) {
  Config cfg;
  // The binary's defaults: a fixed port and a persistent data dir (the library's are port 0 and
  // ephemeral, for tests).
  cfg.listen_port = 9000;
  cfg.ephemeral = false;
  cfg.data_dir = default_data_dir(env);
  cfg.domains = {"localhost"};
  bool data_dir_given = false;

  auto fail = [](std::string message) {
    ParseOutcome out;
    out.output = "s3sandbox: " + message + "\n";
    out.exit_code = 2;
    return out;
  };

  for (const EnvOption& e : kEnv) {
    auto it = env.find(e.variable);
    if (it == env.end() || it->second.empty()) continue;
    std::vector<std::string> values = e.list ? split_list(it->second) : std::vector{it->second};
    for (const std::string& v : values) {
      if (auto err = apply(e.option, v, cfg)) return fail(std::string(e.variable) + ": " + *err);
    }
    if (std::string_view(e.option) == "data-dir") data_dir_given = true;
  }

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return {std::nullopt, help_text(), 0};
    if (arg == "--version")
      return {std::nullopt, std::string("s3sandbox ") + S3SANDBOX_VERSION + "\n", 0};
    if (arg.substr(0, 2) != "--") return fail("unexpected argument '" + std::string(arg) + "'");
    std::string_view name = arg.substr(2);
    std::string value;
    if (auto eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (is_flag(name)) {
      value = "1";
    } else if (name == "no-fsync") {
      name = "fsync";
      value = "0";
    } else {
      if (i + 1 >= argc) return fail("--" + std::string(name) + " needs a value");
      value = argv[++i];
    }
    if (auto err = apply(name, value, cfg)) return fail(*err);
    if (name == "data-dir") data_dir_given = true;
  }
  if (cfg.ephemeral && data_dir_given) return fail("--data-dir and --ephemeral exclude each other");
  if (auto why = check_tls(cfg)) return fail(*why);
  if (cfg.ephemeral) cfg.data_dir.clear();
  return {cfg, "", 0};
}

}  // namespace s3sandbox::config
