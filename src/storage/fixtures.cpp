#include "s3sandbox/storage/fixtures.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <vector>

#include "layout.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/request.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::storage {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kSidecarSuffix = ".s3meta.json";
constexpr std::size_t kMaxKeyBytes = 1024;
constexpr std::size_t kMaxSidecarBytes = 64 * 1024;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

core::S3Error bad_sidecar(const fs::path& p, std::string_view why) {
  core::log_error("fixtures: " + p.string() + ": " + std::string(why));
  return core::S3Error(core::ErrorCode::kInvalidArgument, "bad fixture sidecar " + p.string())
      .because(std::string(why));
}

core::Result<std::string> optional_string(const json::object& o, std::string_view name,
                                          const fs::path& p) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr) return std::string();
  if (!v->is_string()) return bad_sidecar(p, std::string(name) + " must be a string");
  return std::string(v->get_string());
}

// Applies a sidecar to `meta`.
core::Result<void> apply_sidecar(const fs::path& p, ObjectMeta& meta) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec) return io_failure("reading", p, ec.value());
  if (size > kMaxSidecarBytes) return bad_sidecar(p, "sidecar larger than 64 KiB");
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return io_failure("reading", p, errno);

  boost::system::error_code jec;
  json::value doc = json::parse(text.str(), jec);
  if (jec || !doc.is_object()) return bad_sidecar(p, "not a JSON object");
  const json::object& o = doc.get_object();
  struct Field {
    std::string_view name;
    std::string* target;
  };
  const Field fields[] = {
      {"ContentType", &meta.content.content_type},
      {"CacheControl", &meta.content.cache_control},
      {"ContentDisposition", &meta.content.content_disposition},
      {"ContentEncoding", &meta.content.content_encoding},
      {"ContentLanguage", &meta.content.content_language},
  };
  for (const Field& f : fields) {
    auto v = optional_string(o, f.name, p);
    if (!v) return v.error();
    if (!v->empty()) *f.target = std::move(*v);
  }
  if (const json::value* m = o.if_contains("Metadata")) {
    if (!m->is_object()) return bad_sidecar(p, "Metadata must be an object of strings");
    for (const auto& entry : m->get_object()) {
      if (!entry.value().is_string()) return bad_sidecar(p, "Metadata values must be strings");
      // Stored as S3 does: names lower-cased, in name order.
      meta.user_metadata.emplace_back(core::to_lower(entry.key()),
                                      std::string(entry.value().get_string()));
    }
    std::sort(meta.user_metadata.begin(), meta.user_metadata.end());
  }
  return {};
}

// Streams the file into `out`; returns the MD5 hex of its bytes (the ETag: the importer, like the
// app, hashes what it stores).
core::Result<std::string> stream_file(const fs::path& p, StagedWrite& out) {
  core::UniqueFd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return io_failure("opening fixture", p, errno);
  crypto::Digest md5(crypto::DigestKind::kMd5);
  std::vector<char> buffer(64 * 1024);
  while (true) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_failure("reading fixture", p, errno);
    if (n == 0) return crypto::hex_encode(md5.finish());
    std::span<const char> bytes(buffer.data(), static_cast<std::size_t>(n));
    md5.update(bytes);
    if (auto r = out.write(bytes); !r) return r.error();
  }
}

core::Result<void> ensure_bucket(Backend& backend, const std::string& name) {
  auto b = backend.get_bucket(name);
  if (b) return {};
  if (b.error().code != core::ErrorCode::kNoSuchBucket) return b.error();
  auto created = backend.create_bucket(name, "");
  // Another importer may have won the race; the bucket exists either way.
  if (!created && created.error().code != core::ErrorCode::kBucketAlreadyOwnedByYou) {
    return created.error();
  }
  return {};
}

core::Result<void> import_file(Backend& backend, const std::string& bucket, const fs::path& file,
                               std::string key) {
  ObjectMeta meta;
  meta.bucket = bucket;
  meta.key = std::move(key);
  meta.content.content_type = guess_content_type(file.filename().string());
  fs::path sidecar = file;
  sidecar += kSidecarSuffix;
  std::error_code ec;
  if (fs::is_regular_file(sidecar, ec)) {
    if (auto r = apply_sidecar(sidecar, meta); !r) return r;
  }
  auto staged = backend.stage(bucket);
  if (!staged) return staged.error();
  auto md5_hex = stream_file(file, **staged);
  if (!md5_hex) return md5_hex.error();
  meta.etag = std::move(*md5_hex);
  auto committed = backend.commit_object(std::move(*staged), std::move(meta), {});
  if (!committed) return committed.error();
  return {};
}

core::Result<std::size_t> import_bucket(Backend& backend, const fs::path& dir,
                                        const std::string& bucket) {
  if (auto r = ensure_bucket(backend, bucket); !r) return r.error();
  // Sorted, so that imports are reproducible.
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    if (ends_with(it->path().filename().string(), kSidecarSuffix)) continue;
    files.push_back(it->path());
  }
  if (ec) return io_failure("listing", dir, ec.value());
  std::sort(files.begin(), files.end());

  std::size_t count = 0;
  for (const fs::path& file : files) {
    std::string key = file.lexically_relative(dir).generic_string();
    if (key.empty() || key.size() > kMaxKeyBytes) {
      core::log_warn("fixtures: skipping " + file.string() + ": key longer than 1024 bytes");
      continue;
    }
    if (auto r = import_file(backend, bucket, file, std::move(key)); !r) return r.error();
    ++count;
  }
  return count;
}

}  // namespace

bool is_fixture_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '-'; });
}

std::string guess_content_type(std::string_view file_name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"txt", "text/plain"},        {"html", "text/html"},     {"htm", "text/html"},
      {"json", "application/json"}, {"png", "image/png"},      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},       {"gif", "image/gif"},      {"svg", "image/svg+xml"},
      {"css", "text/css"},          {"js", "text/javascript"}, {"pdf", "application/pdf"},
      {"mp4", "video/mp4"},         {"webp", "image/webp"},    {"xml", "application/xml"},
      {"csv", "text/csv"},
  };
  auto dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string ext = core::to_lower(file_name.substr(dot + 1));
    for (const auto& [e, type] : kTypes) {
      if (ext == e) return std::string(type);
    }
  }
  return "binary/octet-stream";
}

core::Result<std::size_t> import_fixture_bucket(Backend& backend, const fs::path& dir,
                                                const std::string& bucket) {
  std::error_code ec;
  if (!is_fixture_bucket_name(bucket) || !fs::is_directory(dir / bucket, ec)) return 0;
  return import_bucket(backend, dir / bucket, bucket);
}

core::Result<std::size_t> import_fixtures(Backend& backend, const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    core::log_error("fixtures: " + dir.string() + " is not a directory");
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "no such directory: " + dir.string() +
                             " (--fixtures wants a directory of <bucket>/<key path> files)");
  }
  std::vector<fs::directory_entry> buckets;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    buckets.push_back(*it);
  }
  if (ec) return io_failure("listing", dir, ec.value());
  std::sort(buckets.begin(), buckets.end());

  std::size_t total = 0;
  for (const fs::directory_entry& entry : buckets) {
    std::error_code type_ec;
    if (!entry.is_directory(type_ec)) continue;
    std::string name = entry.path().filename().string();
    if (!is_fixture_bucket_name(name)) {
      core::log_warn("fixtures: skipping " + entry.path().string() + ": not a valid bucket name");
      continue;
    }
    auto n = import_bucket(backend, entry.path(), name);
    if (!n) return n.error();
    total += *n;
  }
  core::log_info("fixtures: imported " + std::to_string(total) + " objects from " + dir.string());
  return total;
}

}  // namespace s3sandbox::storage
