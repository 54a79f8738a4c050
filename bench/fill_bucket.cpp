// fill_bucket: puts N tiny objects into a bucket of an s3sandbox data dir through the storage
// layer (the public Backend API: stage, write, commit), not over HTTP, so the side-by-side
// benchmark (bench/run.sh) can list a bucket of a million keys without spending an hour
// uploading it. Keys are PREFIX + a zero-padded counter, so they sort in insertion order.
// Run it while no server has the data dir open (the backend locks it).
//
//   fill_bucket --data-dir DIR --bucket NAME --count N [--prefix P] [--size BYTES] [--start I]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/crypto/digest.hpp"
#include "s3sandbox/crypto/encoding.hpp"
#include "s3sandbox/storage/sqlite_backend.hpp"

namespace {

using s3sandbox::core::ErrorCode;

struct Args {
  std::string data_dir, bucket, prefix = "key/";
  long long count = 0, size = 0, start = 0;
};

[[noreturn]] void usage() {
  std::fputs(
      "usage: fill_bucket --data-dir DIR --bucket NAME --count N [--prefix P] [--size BYTES]"
      " [--start I]\n",
      stderr);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string_view name = argv[i];
    if (i + 1 >= argc) usage();
    const char* value = argv[++i];
    if (name == "--data-dir")
      a.data_dir = value;
    else if (name == "--bucket")
      a.bucket = value;
    else if (name == "--prefix")
      a.prefix = value;
    else if (name == "--count")
      a.count = std::atoll(value);
    else if (name == "--size")
      a.size = std::atoll(value);
    else if (name == "--start")
      a.start = std::atoll(value);
    else
      usage();
  }
  if (a.data_dir.empty() || a.bucket.empty() || a.count <= 0 || a.size < 0) usage();
  return a;
}

std::string key_for(const std::string& prefix, long long i) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%09lld", i);
  return prefix + digits;
}

int fail(const char* what, const s3sandbox::core::S3Error& e) {
  std::fprintf(stderr, "fill_bucket: %s: %.*s\n", what, static_cast<int>(e.info().code.size()),
               e.info().code.data());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse(argc, argv);
  s3sandbox::core::SystemClock clock;
  // No fsync: the bench measures listing, not durability, and a million fsyncs take an hour.
  auto backend = s3sandbox::storage::open_sqlite_backend({args.data_dir, /*fsync=*/false}, clock);
  if (!backend) return fail("opening the data dir", backend.error());
  auto& b = **backend;
  if (auto r = b.create_bucket(args.bucket, ""); !r) {
    if (r.error().code != ErrorCode::kBucketAlreadyOwnedByYou) {
      return fail("creating the bucket", r.error());
    }
  }
  std::vector<char> body(static_cast<std::size_t>(args.size), 'x');
  // Every object has the same bytes, so one ETag (the caller hashes: storage never does).
  namespace crypto = s3sandbox::crypto;
  const std::string etag =
      crypto::hex_encode(crypto::md5(std::string_view(body.data(), body.size())));
  auto t0 = std::chrono::steady_clock::now();
  for (long long i = args.start; i < args.start + args.count; ++i) {
    auto staged = b.stage(args.bucket);
    if (!staged) return fail("staging", staged.error());
    if (!body.empty()) {
      if (auto r = (*staged)->write(body); !r) return fail("writing", r.error());
    }
    s3sandbox::storage::ObjectMeta meta;
    meta.bucket = args.bucket;
    meta.key = key_for(args.prefix, i);
    meta.content.content_type = "application/octet-stream";
    meta.etag = etag;
    auto committed = b.commit_object(std::move(*staged), std::move(meta), {});
    if (!committed) return fail("committing", committed.error());
    if ((i - args.start + 1) % 100000 == 0) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "fill_bucket: %lld objects, %.1f s\n", i - args.start + 1, s);
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("fill_bucket: %lld objects into %s in %.2f s (%.0f/s)\n", args.count,
              args.bucket.c_str(), s, static_cast<double>(args.count) / s);
  return 0;
}
