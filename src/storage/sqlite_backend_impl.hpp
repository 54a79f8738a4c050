// SqliteBackend: the Backend over an SQLite index and plain data files (see the public
// sqlite_backend.hpp for the layout and commit protocol). Split across sqlite_backend.cpp
// (open, start-up sweep, buckets), sqlite_objects.cpp (write, read, delete) and
// sqlite_listing.cpp (the KeyCursor for listing).
//
// Concurrency: connections come from a pool, one user at a time. Reads run in parallel (WAL).
// Every write transaction runs under write_mutex_, so writers of this process queue here instead
// of polling SQLite's busy handler; BEGIN IMMEDIATE and busy_timeout still cover other processes.
// Write conditions (If-None-Match / If-Match) are evaluated inside the write transaction.
// A lock file (flock) keeps a second server from sweeping the same data dir.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "layout.hpp"
#include "object_row.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/storage/sqlite_backend.hpp"
#include "sqlite_db.hpp"
#include "staged_file.hpp"

namespace s3sandbox::storage {

class SqliteBackend final : public Backend {
 public:
  SqliteBackend(const SqliteOptions& options, const core::Clock& clock);

  // Creates the dirs and schema, removes staged leftovers and orphan data files.
  core::Result<void> open();

  core::Result<void> create_bucket(const std::string& name, const std::string& region) override;
  core::Result<void> delete_bucket(const std::string& name) override;
  core::Result<BucketInfo> get_bucket(const std::string& name) override;
  core::Result<std::vector<BucketInfo>> list_buckets() override;

  core::Result<std::unique_ptr<StagedWrite>> stage(const std::string& bucket) override;
  core::Result<ObjectMeta> commit_object(std::unique_ptr<StagedWrite> staged, ObjectMeta meta,
                                         const WriteCondition& condition) override;
  core::Result<ObjectMeta> head_object(const std::string& bucket, const std::string& key) override;
  core::Result<ObjectReader> open_object(const std::string& bucket,
                                         const std::string& key) override;
  core::Result<void> delete_object(const std::string& bucket, const std::string& key) override;
  core::Result<ListPage> list_objects(const std::string& bucket, const ListQuery& query) override;

 private:
  core::Result<void> lock_data_dir();
  core::Result<void> sweep();
  // Moves the finished staged file into data/; returns its data file name.
  core::Result<std::string> place_data_file(FileStagedWrite& staged);
  core::Result<std::optional<ObjectRow>> swap_row(const ObjectRow& row,
                                                  const WriteCondition& condition);
  // Object found: its row. Not found: NoSuchKey, or NoSuchBucket when the bucket is missing.
  core::Result<ObjectRow> find_object(db::Connection& c, const std::string& bucket,
                                      const std::string& key);

  SqliteOptions options_;
  const core::Clock& clock_;
  Layout layout_;
  core::UniqueFd lock_fd_;  // declared before pool_: released only after connections close
  db::ConnectionPool pool_;
  std::mutex write_mutex_;
};

// Helpers shared by the split implementation files.
core::Result<bool> bucket_exists(db::Connection& c, const std::string& name);
core::S3Error no_such_bucket();

}  // namespace s3sandbox::storage
