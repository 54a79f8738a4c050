// snapshot_bench: how long saving and restoring a snapshot takes (issue #15's target: under
// 50 ms for a 10,000-object state), through the storage layer's StateStore, as the control
// API's POST /_sandbox/snapshots/NAME and .../restore run it. Fills a fresh data dir with
// --count objects of --size bytes (bodies of 16 KiB or less live in the index, larger ones are
// data files), then times --rounds saves and restores (each restore after changing 1% of the
// objects, so that it has something to undo) and prints min / median / max in milliseconds.
//
//   snapshot_bench [--count 10000] [--size 1024] [--rounds 15] [--fsync 0|1] [--dir DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/storage/sqlite_backend.hpp"
#include "s3sandbox/storage/state_store.hpp"

namespace {

namespace storage = s3sandbox::storage;
using Clock = std::chrono::steady_clock;

struct Args {
  long long count = 10000, size = 1024, rounds = 15;
  bool fsync = false;
  std::string dir;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view name = argv[i];
    const char* value = argv[i + 1];
    if (name == "--count")
      a.count = std::atoll(value);
    else if (name == "--size")
      a.size = std::atoll(value);
    else if (name == "--rounds")
      a.rounds = std::atoll(value);
    else if (name == "--fsync")
      a.fsync = std::string_view(value) == "1";
    else if (name == "--dir")
      a.dir = value;
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      std::exit(2);
    }
  }
  if (a.count <= 0 || a.size < 0 || a.rounds <= 0 || a.rounds > 1000) std::exit(2);
  return a;
}

bool put(storage::Backend& backend, const std::string& key, const std::string& body) {
  auto staged = backend.stage("bench");
  if (!staged || !(*staged)->write(std::span<const char>(body.data(), body.size()))) return false;
  storage::ObjectMeta meta;
  meta.bucket = "bench";
  meta.key = key;
  meta.etag = s3sandbox::crypto::hex_encode(s3sandbox::crypto::md5(body));
  return static_cast<bool>(backend.commit_object(std::move(*staged), std::move(meta), {}));
}

std::string key_for(long long i) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "obj/%09lld", i);
  return digits;
}

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  std::printf("%-8s min %7.2f ms   median %7.2f ms   max %7.2f ms   (%zu rounds)\n", what,
              ms.front(), ms[ms.size() / 2], ms.back(), ms.size());
}

double since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  const std::filesystem::path dir =
      args.dir.empty() ? std::filesystem::temp_directory_path() /
                             ("s3sandbox-snapshot-bench-" + s3sandbox::core::random_hex(8))
                       : std::filesystem::path(args.dir);
  s3sandbox::core::SystemClock clock;
  int rc = 0;
  {
    auto opened = storage::open_sqlite_backend({dir, args.fsync}, clock);
    if (!opened) {
      std::fprintf(stderr, "cannot open %s\n", dir.c_str());
      return 1;
    }
    storage::Backend& backend = **opened;
    auto& state = dynamic_cast<storage::StateStore&>(backend);
    if (!backend.create_bucket("bench", "us-east-1")) return 1;
    const std::string body(static_cast<std::size_t>(args.size), 'x');
    const auto fill_start = Clock::now();
    for (long long i = 0; i < args.count; ++i) {
      if (!put(backend, key_for(i), body)) {
        std::fprintf(stderr, "put %lld failed\n", i);
        return 1;
      }
    }
    std::printf("%lld objects of %lld bytes (%s), fsync %s; filled in %.0f ms\n", args.count,
                args.size, args.size > 16 * 1024 ? "data files" : "in the index",
                args.fsync ? "on" : "off", since(fill_start));
    std::vector<double> saves, restores;
    const long long changed = std::max<long long>(1, args.count / 100);
    for (long long round = 0; round < args.rounds && rc == 0; ++round) {
      auto start = Clock::now();
      auto saved = state.save_snapshot("bench");
      saves.push_back(since(start));
      for (long long i = 0; i < changed; ++i) {
        if (!put(backend, key_for((round * changed + i) % args.count), body + "changed")) rc = 1;
      }
      start = Clock::now();
      auto restored = state.restore_snapshot("bench");
      restores.push_back(since(start));
      if (!saved || !restored || restored->objects != static_cast<std::uint64_t>(args.count)) {
        std::fprintf(stderr, "save or restore failed\n");
        rc = 1;
      }
    }
    if (rc == 0) {
      report("save", saves);
      report("restore", restores);
    }
  }
  if (args.dir.empty()) std::filesystem::remove_all(dir);
  return rc;
}
