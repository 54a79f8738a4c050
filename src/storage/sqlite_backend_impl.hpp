// SqliteBackend: the Backend over an SQLite index and plain data files (see the public
// sqlite_backend.hpp for the layout and commit protocol). Split across sqlite_backend.cpp
// (open, start-up sweep, buckets), sqlite_objects.cpp (write, read, delete) and
// sqlite_listing.cpp (the KeyCursor for listing), sqlite_multipart.cpp (uploads and parts),
// sqlite_multipart_complete.cpp (assembly and completion), sqlite_multipart_list.cpp
// (ListMultipartUploads), sqlite_cors.cpp (bucket CORS configuration), sqlite_notification.cpp
// (bucket notification configuration), sqlite_bucket_settings.cpp (the features' bucket
// documents) and sqlite_tags.cpp (put_object_tags, put_object_settings).
//
// Concurrency: reads use read-only connections from a pool, one user at a time, in parallel
// (WAL). Every write is a WriteTransaction on write_gate_ (write_transaction.hpp): the gate's
// connection is the only one that can write, and a transaction holds the gate from BEGIN to its
// end, so writers of this process queue there; each commit advances the gate's generation,
// which invalidates row_cache_ (row_cache.hpp), the cache serving HEAD/GET lookups of keys not
// written since. Write conditions (If-None-Match / If-Match) are evaluated inside the write
// transaction. Bytes are never copied while the gate is held: part bodies are staged and
// completions assembled first, and the transaction then re-checks that what it relied on (the
// upload, the parts) is still there. Nor are they hashed here: the app hashes what it writes.
// A lock file (flock) keeps a second server from sweeping the same data dir.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "layout.hpp"
#include "object_row.hpp"
#include "row_cache.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/storage/sqlite_backend.hpp"
#include "s3sandbox/storage/state_store.hpp"
#include "snapshot_pins.hpp"
#include "sqlite_db.hpp"
#include "staged_file.hpp"
#include "upload_row.hpp"
#include "write_transaction.hpp"

namespace s3sandbox::storage {

class SqliteBackend final : public Backend, public StateStore {
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
  core::Result<ObjectMeta> put_object_settings(
      const std::string& bucket, const std::string& key,
      std::map<std::string, std::string> settings) override;
  core::Result<ObjectMeta> put_object_tags(
      const std::string& bucket, const std::string& key,
      std::vector<std::pair<std::string, std::string>> tags) override;
  core::Result<ListPage> list_objects(const std::string& bucket, const ListQuery& query) override;

  core::Result<MultipartUpload> create_upload(MultipartUpload upload) override;
  core::Result<MultipartUpload> get_upload(const std::string& bucket, const std::string& key,
                                           const std::string& upload_id) override;
  core::Result<PartInfo> commit_part(const std::string& bucket, const std::string& key,
                                     const std::string& upload_id,
                                     std::unique_ptr<StagedWrite> staged, PartInfo part) override;
  core::Result<PartsPage> list_parts(const std::string& bucket, const std::string& key,
                                     const std::string& upload_id, int after_part,
                                     int max_parts) override;
  core::Result<std::vector<PartInfo>> all_parts(const std::string& bucket, const std::string& key,
                                                const std::string& upload_id) override;
  core::Result<UploadsPage> list_uploads(const std::string& bucket,
                                         const UploadsQuery& query) override;
  core::Result<void> abort_upload(const std::string& bucket, const std::string& key,
                                  const std::string& upload_id) override;
  core::Result<ObjectMeta> complete_upload(const std::string& bucket, const std::string& key,
                                           const std::string& upload_id,
                                           const std::vector<int>& part_numbers, ObjectMeta meta,
                                           const WriteCondition& condition) override;

  core::Result<void> put_bucket_cors(const std::string& bucket,
                                     const std::vector<CorsRule>& rules) override;
  core::Result<std::optional<std::vector<CorsRule>>> get_bucket_cors(
      const std::string& bucket) override;
  core::Result<void> delete_bucket_cors(const std::string& bucket) override;
  core::Result<void> put_bucket_notification(const std::string& bucket,
                                             const std::string& document) override;
  core::Result<std::string> get_bucket_notification(const std::string& bucket) override;
  core::Result<void> put_bucket_setting(const std::string& bucket, const std::string& name,
                                        const std::string& document) override;
  core::Result<BucketSettings> get_bucket_settings(const std::string& bucket) override;

  // Versioning (sqlite_versions.cpp: writes and point reads; sqlite_version_list.cpp: listing).
  core::Result<VersioningStatus> get_bucket_versioning(const std::string& bucket) override;
  core::Result<void> put_bucket_versioning(const std::string& bucket,
                                           VersioningStatus status) override;
  core::Result<DeleteOutcome> delete_object_versioned(const std::string& bucket,
                                                      const std::string& key) override;
  core::Result<DeleteOutcome> delete_object_version(const std::string& bucket,
                                                    const std::string& key,
                                                    const std::string& version_id) override;
  core::Result<ObjectMeta> head_object_version(const std::string& bucket, const std::string& key,
                                               const std::string& version_id) override;
  core::Result<ObjectReader> open_object_version(const std::string& bucket, const std::string& key,
                                                 const std::string& version_id) override;
  core::Result<ObjectMeta> put_object_version_tags(
      const std::string& bucket, const std::string& key, const std::string& version_id,
      std::vector<std::pair<std::string, std::string>> tags) override;
  core::Result<ObjectMeta> put_object_version_settings(
      const std::string& bucket, const std::string& key, const std::string& version_id,
      std::map<std::string, std::string> settings) override;
  core::Result<VersionsPage> list_object_versions(const std::string& bucket,
                                                  const VersionsQuery& query) override;

  // StateStore (sqlite_snapshots.cpp).
  core::Result<void> reset(const std::string& bucket) override;
  core::Result<SnapshotInfo> save_snapshot(const std::string& name) override;
  core::Result<SnapshotInfo> restore_snapshot(const std::string& name) override;
  core::Result<std::vector<SnapshotInfo>> list_snapshots() override;
  core::Result<void> delete_snapshot(const std::string& name) override;

 private:
  // At open: pins the files of every saved snapshot and adds them to `referenced`.
  core::Result<void> load_snapshots(ReferencedFiles& referenced);
  // The dir of the saved snapshot `name`; InvalidArgument for a bad name, NoSuchKey if none.
  core::Result<std::filesystem::path> saved_snapshot_dir(const std::string& name) const;
  // The data files the snapshot in `dir` names.
  core::Result<std::vector<std::string>> snapshot_files(const std::filesystem::path& dir);
  // Unlinks those of `names` (files of a dropped snapshot) no live row and no snapshot names.
  core::Result<void> release_files(const std::vector<std::string>& names);
  core::Result<void> lock_data_dir();
  core::Result<DeleteOutcome> delete_object_once(const std::string& bucket, const std::string& key);
  core::Result<void> sweep();
  // Migrates the schema to kSchemaVersion (see object_row.hpp).
  core::Result<void> migrate(std::int64_t from_version);
  // Checks that `staged` is a finished-able write of this backend (and its size matches
  // `expected_size` when non-zero), finishes it and moves it into data/; returns the name.
  core::Result<std::string> place_staged(StagedWrite* staged, std::uint64_t expected_size);
  // The checks of place_staged: a write of this backend, of the expected size.
  core::Result<FileStagedWrite*> own_staged(StagedWrite* staged, std::uint64_t expected_size);
  // Makes the finished staged file (already in data/) durable there; returns its data file name.
  core::Result<std::string> place_data_file(FileStagedWrite& staged);
  // Moves a finished file of staging/ into data/ (fsyncing the dirs when enabled).
  core::Result<std::string> place_file(const std::filesystem::path& staged);
  core::Result<std::vector<std::string>> swap_row(ObjectRow& row, const WriteCondition& condition);
  // The caller's ETag, required on every commit: the storage layer never hashes.
  static core::Result<void> require_etag(const std::string& etag);
  // Inside a write transaction: checks the bucket and `condition` against the current version
  // of row.meta.key and writes the row (inserting row.body into `bodies` first, when set, and
  // setting row.body_id) under the bucket's versioning status: the current row is replaced
  // (Unversioned; Suspended over a null version) or kept as a noncurrent version (Enabled;
  // Suspended over a versioned one, when the null version is removed wherever it is).
  // row.meta.version_id is set. Body rows of removed versions go in the same transaction; their
  // data files are returned for the caller to unlink after the commit.
  core::Result<std::vector<std::string>> upsert_object(db::Connection& c, ObjectRow& row,
                                                       const WriteCondition& condition);
  // The bucket's versioning status read inside the caller's transaction (sqlite_versions.cpp).
  core::Result<VersioningStatus> versioning_in(db::Connection& c, const std::string& bucket);
  // Versioning steps inside a write transaction (sqlite_versions.cpp). stack_current() moves
  // the key's current row (if any) into object_versions as noncurrent from `now`, or else marks
  // the latest delete marker noncurrent from `now`. remove_null_version() deletes the key's
  // null version from object_versions (with its body row), adding its data file to `files`.
  // promote_latest() makes the newest entry of object_versions the latest after the current
  // one was removed: an object version moves back to `objects`, a marker stays.
  core::Result<void> stack_current(db::Connection& c, const std::string& bucket,
                                   const std::string& key, core::TimePoint now);
  core::Result<void> remove_null_version(db::Connection& c, const std::string& bucket,
                                         const std::string& key, std::vector<std::string>& files);
  core::Result<void> promote_latest(db::Connection& c, const std::string& bucket,
                                    const std::string& key);
  // Adds `latest delete marker` headers to a NoSuchKey of head_object/open_object.
  core::S3Error with_delete_marker(core::S3Error e, const std::string& bucket,
                                   const std::string& key);
  // The upload, or NoSuchUpload (NoSuchBucket when the bucket is missing).
  core::Result<MultipartUpload> find_upload(db::Connection& c, const std::string& bucket,
                                            const std::string& key, const std::string& upload_id);
  // Parts numbered above `after`, by number; at most `limit` (< 0: all).
  core::Result<std::vector<PartRow>> read_parts(db::Connection& c, const std::string& upload_id,
                                                int after, int limit);
  // Deletes the parts and upload rows of `upload_id` (inside a write transaction); returns the
  // parts' data files for the caller to unlink after the commit.
  core::Result<std::vector<std::string>> delete_upload_rows(db::Connection& c,
                                                            const std::string& upload_id);
  // Reads the listed parts and copies them, in order, into a new file of staging/.
  struct Assembly;
  core::Result<Assembly> assemble(const std::string& bucket, const std::string& key,
                                  const std::string& upload_id,
                                  const std::vector<int>& part_numbers);
  void unlink_data_files(const std::vector<std::string>& names) const;
  // A per-bucket setting (CORS rules, notification configuration): `select` reads one text
  // column of the setting's table LEFT JOINed to `buckets` for bucket ?1, so that one SELECT
  // tells NoSuchBucket from a bucket without the setting (nullopt).
  core::Result<std::optional<std::string>> read_bucket_setting(const char* select,
                                                               const std::string& bucket);
  // Unlinks data/<name>; nothing for "" (a body kept in the index) or a file a snapshot names.
  void unlink_data_file(const std::string& name) const;
  // Object found: its row. Not found: NoSuchKey, or NoSuchBucket when the bucket is missing.
  core::Result<ObjectRow> find_object(db::Connection& c, const std::string& bucket,
                                      const std::string& key);
  // find_object outside a transaction, through row_cache_ (HEAD and GET).
  core::Result<ObjectRow> find_object_cached(const std::string& bucket, const std::string& key);
  // The row with its body (row.body set when the body is in `bodies`), read in one statement:
  // the row and the body are of the same snapshot. Remembered in row_cache_.
  core::Result<ObjectRow> find_object_with_body(const std::string& bucket, const std::string& key);

  SqliteOptions options_;
  const core::Clock& clock_;
  Layout layout_;
  core::UniqueFd lock_fd_;  // declared first: released only after every connection closed
  db::ConnectionPool pool_;
  WriteGate write_gate_;
  ObjectRowCache row_cache_;
  KnownBuckets known_buckets_;
  SnapshotPins pins_;
  // get_bucket_settings' cache (sqlite_bucket_settings.cpp).
  struct CachedSettings {
    BucketSettings settings;
    std::uint64_t generation = 0;
  };
  static constexpr std::size_t kSettingsCacheCapacity = 1024;
  std::mutex settings_cache_mutex_;
  std::unordered_map<std::string, CachedSettings> settings_cache_;
  std::mutex snapshots_mutex_;  // one reset or snapshot operation at a time
};

// Helpers shared by the split implementation files.
core::Result<bool> bucket_exists(db::Connection& c, const std::string& name);
core::S3Error no_such_bucket();

}  // namespace s3sandbox::storage
