// Test support for the storage module: a temporary data dir removed after each test, a frozen
// clock, and a fixture that opens an SqliteBackend on them with small helpers (put, read).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/storage/sqlite_backend.hpp"

namespace s3sandbox::storage::testing {

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("s3sandbox-storage-test-" + core::random_hex(16))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// 2023-11-14T22:13:20Z: a fixed "now"; tests never read the wall clock.
inline core::TimePoint fixed_time() { return core::TimePoint(std::chrono::seconds(1700000000)); }

// Regular files below `dir` (recursively), as paths relative to it.
inline std::vector<std::string> files_under(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path().lexically_relative(dir).generic_string());
  }
  return out;
}

inline std::string read_fd(int fd) {
  std::string out;
  char buf[4096];
  off_t offset = 0;
  while (true) {
    ssize_t n = ::pread(fd, buf, sizeof buf, offset);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    offset += n;
  }
  return out;
}

// The ETag of `body`: the tests hash what they commit, as the app does (storage never hashes).
inline std::string md5_hex(std::string_view body) { return crypto::hex_encode(crypto::md5(body)); }

// The whole body an ObjectReader holds, from its descriptor or its in-memory bytes.
inline std::string read_body(const ObjectReader& r) {
  if (r.bytes) return *r.bytes;
  return read_fd(r.fd.get());
}

inline ListQuery query(std::string prefix, std::string delimiter, std::string after, int max_keys) {
  ListQuery q;
  q.prefix = std::move(prefix);
  q.delimiter = std::move(delimiter);
  q.after = std::move(after);
  q.max_keys = max_keys;
  return q;
}

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  std::filesystem::path data_dir() const { return tmp_.path() / "store"; }

  void open() {
    SqliteOptions options;
    options.data_dir = data_dir();
    options.fsync = fsync_;
    options.inline_limit = inline_limit_;
    auto b = open_sqlite_backend(options, clock_);
    ASSERT_TRUE(b) << b.error().info().code;
    backend_ = std::move(*b);
  }
  void reopen() {
    backend_.reset();
    open();
  }

  core::Result<ObjectMeta> put(const std::string& bucket, const std::string& key,
                               std::string_view body, const WriteCondition& condition = {},
                               ObjectMeta meta = {}) {
    auto staged = backend_->stage(bucket);
    if (!staged) return staged.error();
    if (auto w = (*staged)->write(std::span<const char>(body.data(), body.size())); !w) {
      return w.error();
    }
    meta.bucket = bucket;
    meta.key = key;
    if (meta.etag.empty()) meta.etag = md5_hex(body);
    return backend_->commit_object(std::move(*staged), std::move(meta), condition);
  }

  void make_bucket(const std::string& name) {
    auto r = backend_->create_bucket(name, "");
    ASSERT_TRUE(r) << r.error().info().code;
  }

  std::string read(const std::string& bucket, const std::string& key) {
    auto r = backend_->open_object(bucket, key);
    if (!r) return "<" + std::string(r.error().info().code) + ">";
    return read_body(*r);
  }

  std::vector<std::string> data_files() const { return files_under(data_dir() / "data"); }
  std::vector<std::string> staging_files() const { return files_under(data_dir() / "staging"); }

  TempDir tmp_;
  core::FrozenClock clock_{fixed_time()};
  bool fsync_ = false;  // tests that need durability semantics turn it on
  // Every body is a data file: the tests of the file protocol count files. Bodies kept in the
  // index (the server's default for small ones) have their own tests (inline_body_test.cpp).
  std::size_t inline_limit_ = 0;
  std::unique_ptr<Backend> backend_;
};

}  // namespace s3sandbox::storage::testing
