// Backend: the storage contract the S3 application relies on. Implementations: SqliteBackend
// (SQLite index + data files, see sqlite_backend.hpp) and MemoryBackend (tests).
//
// Contract:
// - Object bytes are written through a StagedWrite obtained from stage(); nothing is visible until
//   commit_object() succeeds, which atomically replaces any previous version of the key. A
//   StagedWrite destroyed without commit leaves nothing behind.
// - Readers get an ObjectReader holding an open file descriptor; it stays valid if the object is
//   overwritten or deleted afterwards.
// - Keys are opaque byte strings (1..1024 bytes), never used as file names.
// - Listing is in bytewise key order and costs O(page size), not O(bucket size).
// - Errors are S3's: NoSuchBucket, NoSuchKey, BucketNotEmpty, BucketAlreadyOwnedByYou,
//   PreconditionFailed (write conditions), InternalError (I/O failures, no detail leaked).
//
// Thread safety: all methods may be called concurrently from any thread.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::storage {

// A body being streamed to a staging file. Computes MD5 (the ETag) while writing.
class StagedWrite {
 public:
  virtual ~StagedWrite() = default;  // discards the staged bytes unless committed
  virtual core::Result<void> write(std::span<const char> bytes) = 0;
  virtual std::uint64_t size() const = 0;
  // Finishes hashing; returns the MD5 hex of all bytes written. Call once, after the last write.
  virtual std::string md5_hex() = 0;
};

struct ObjectReader {
  ObjectMeta meta;
  core::UniqueFd fd;  // positioned anywhere; read with pread/sendfile at an offset
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual core::Result<void> create_bucket(const std::string& name, const std::string& region) = 0;
  virtual core::Result<void> delete_bucket(const std::string& name) = 0;
  virtual core::Result<BucketInfo> get_bucket(const std::string& name) = 0;
  virtual core::Result<std::vector<BucketInfo>> list_buckets() = 0;

  // Starts a staged write for an object of `bucket` (which must exist).
  virtual core::Result<std::unique_ptr<StagedWrite>> stage(const std::string& bucket) = 0;
  // Makes the staged bytes the new version of meta.key. `meta.size` and `meta.etag` are taken
  // from the staged write when left empty/zero; last_modified is set by the backend's clock.
  // Returns the metadata as stored.
  virtual core::Result<ObjectMeta> commit_object(std::unique_ptr<StagedWrite> staged,
                                                 ObjectMeta meta,
                                                 const WriteCondition& condition) = 0;
  virtual core::Result<ObjectMeta> head_object(const std::string& bucket,
                                               const std::string& key) = 0;
  virtual core::Result<ObjectReader> open_object(const std::string& bucket,
                                                 const std::string& key) = 0;
  // Deleting a missing key succeeds (S3 semantics); a missing bucket is NoSuchBucket.
  virtual core::Result<void> delete_object(const std::string& bucket, const std::string& key) = 0;
  virtual core::Result<ListPage> list_objects(const std::string& bucket,
                                              const ListQuery& query) = 0;
};

}  // namespace s3sandbox::storage
