// StateStore: the sandbox's whole-state controls over a Backend's data: reset (everything, or
// one bucket's contents) and named snapshots (save, restore, list, delete). Implemented by
// SqliteBackend (sqlite_backend.hpp); the control API and s3sandbox::Server use it.
//
// Contract (what a test relying on it sees):
// - Every operation is atomic against S3 requests: it runs while no write can commit, and a
//   request sees either the state before it or the state after it, never a mix.
// - A request already reading an object (a GET streaming its body) finishes with the bytes it
//   started with: committed bodies are never changed in place, only unlinked, and an open body
//   stays readable.
// - A write staged before and committed after a reset or restore is committed into the new
//   state, as if it had arrived after it: it succeeds if its bucket (and, for a part, its
//   multipart upload) exists there, and fails cleanly (NoSuchBucket, NoSuchUpload) otherwise.
//   A completion whose parts changed is InvalidPart. That is S3's ordering: a write takes
//   effect at its commit.
// - A snapshot holds buckets, objects (bodies, metadata, tags), bucket CORS configurations and
//   multipart uploads in progress with their parts. Saving under an existing name replaces it.
// - Snapshot names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit (no path can be
//   formed from one). Errors: InvalidArgument (a bad name), NoSuchKey (no such snapshot; the
//   message names it), InternalError (I/O, with the detail logged).
// Thread safety: all methods may be called from any thread, concurrently with the Backend's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/core/result.hpp"

namespace s3sandbox::storage {

struct SnapshotInfo {
  std::string name;
  core::TimePoint created;  // the sandbox clock when it was saved
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;  // the objects' sizes, summed
  std::uint64_t buckets = 0;
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  // Empties everything (buckets, objects, uploads: a fresh data dir) when `bucket` is empty;
  // otherwise empties that bucket (its objects and multipart uploads go; the bucket and its
  // CORS configuration stay). NoSuchBucket when that bucket is missing.
  virtual core::Result<void> reset(const std::string& bucket) = 0;
  virtual core::Result<SnapshotInfo> save_snapshot(const std::string& name) = 0;
  // Brings the saved state back (the snapshot stays, to be restored again).
  virtual core::Result<SnapshotInfo> restore_snapshot(const std::string& name) = 0;
  // By name.
  virtual core::Result<std::vector<SnapshotInfo>> list_snapshots() = 0;
  virtual core::Result<void> delete_snapshot(const std::string& name) = 0;
};

// The snapshot name rule above.
bool is_valid_snapshot_name(std::string_view name);

}  // namespace s3sandbox::storage
