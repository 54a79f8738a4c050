// SqliteBackend: opening, the start-up sweep and bucket operations.
#include <fcntl.h>
#include <malloc.h>
#include <sys/file.h>

#include <cerrno>

#include "s3sandbox/core/log.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {

core::S3Error no_such_bucket() { return core::S3Error(core::ErrorCode::kNoSuchBucket); }

core::Result<bool> bucket_exists(db::Connection& c, const std::string& name) {
  auto s = c.prepare("SELECT 1 FROM buckets WHERE name = ?1");
  if (!s) return s.error();
  (*s)->bind_text(1, name);
  return (*s)->step();
}

core::Result<std::unique_ptr<Backend>> open_sqlite_backend(const SqliteOptions& options,
                                                           const core::Clock& clock) {
  auto backend = std::make_unique<SqliteBackend>(options, clock);
  if (auto r = backend->open(); !r) return r.error();
  return std::unique_ptr<Backend>(std::move(backend));
}

SqliteBackend::SqliteBackend(const SqliteOptions& options, const core::Clock& clock)
    : options_(options),
      clock_(clock),
      layout_(options.data_dir),
      pool_(layout_.db_file(), options.fsync) {}

core::Result<void> SqliteBackend::lock_data_dir() {
  std::filesystem::path lock = layout_.root() / "lock";
  lock_fd_ = core::UniqueFd(::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!lock_fd_) return io_failure("opening", lock, errno);
  if (::flock(lock_fd_.get(), LOCK_EX | LOCK_NB) != 0) {
    core::log_error("storage: the data dir " + layout_.root().string() +
                    " is in use by another s3sandbox");
    return core::S3Error(core::ErrorCode::kInternalError)
        .because("the data dir is in use by another s3sandbox process");
  }
  return {};
}

core::Result<void> SqliteBackend::open() {
  if (auto r = layout_.create_dirs(); !r) return r;
  if (auto r = lock_data_dir(); !r) return r;
  // The writer first: it creates meta.db and puts it in WAL mode, which the pool's read-only
  // connections cannot do.
  if (auto r = write_gate_.open(layout_.db_file(), options_.fsync); !r) return r;
  std::int64_t version = 0;
  {
    // Scoped: the connection goes back to the pool, and migrate() and sweep() reuse it instead
    // of opening a second one (an open is a measurable part of a cold start).
    auto c = pool_.acquire();
    if (!c) return c.error();
    auto version_query = (*c)->prepare("PRAGMA user_version");
    if (!version_query) return version_query.error();
    if (auto row = (*version_query)->step(); !row) return row.error();
    if ((*version_query)->integer(0) > kSchemaVersion) {
      core::log_error("storage: meta.db was written by a newer s3sandbox (schema version " +
                      std::to_string((*version_query)->integer(0)) + ")");
      return core::S3Error(core::ErrorCode::kInternalError);
    }
    version = (*version_query)->integer(0);
    (*version_query)->reset();
  }
  if (auto r = migrate(version); !r) return r;
  if (auto r = sweep(); !r) return r;
  layout_.ensure_reserve();
  return {};
}

// Any older version (0 = a new file) to kSchemaVersion, in place and in one transaction: first
// the columns added to tables that already existed (looked up rather than inferred from the
// version, so that a half-known file is handled too), then kSchemaSql creates only the tables
// missing and sets the version.
core::Result<void> SqliteBackend::migrate(std::int64_t from_version) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  if (from_version >= 1 && from_version < kSchemaVersion) {
    auto has = (*tx)->prepare(
        "SELECT (SELECT COUNT(*) FROM pragma_table_info(?1)),"
        " (SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = ?2)");
    if (!has) return has.error();
    for (const AddedColumn& added : kAddedColumns) {
      (*has)->reset();
      (*has)->bind_text(1, added.table).bind_text(2, added.column);
      auto row = (*has)->step();
      if (!row) return row.error();
      const bool table_exists = *row && (*has)->integer(0) > 0;
      const bool column_exists = *row && (*has)->integer(1) > 0;
      (*has)->reset();
      if (table_exists && !column_exists) {
        if (auto r = (*tx)->exec(added.sql); !r) return r;
      }
    }
  }
  if (auto r = (*tx)->exec(kSchemaSql); !r) return r;
  return tx->commit();
}

// Crash recovery: a staged body was never committed; a data file no row names was renamed into
// data/ by a commit whose transaction never happened (an object, a part, or an assembled
// multipart object), or its row went (replaced object or part, completed or aborted upload)
// but the unlink after the commit did not happen.
core::Result<void> SqliteBackend::sweep() {
  if (auto r = layout_.clear_staging(); !r) return r;
  ReferencedFiles referenced;
  {
    auto c = pool_.acquire();
    if (!c) return c.error();
    auto count = (*c)->prepare(
        "SELECT (SELECT COUNT(*) FROM objects) + (SELECT COUNT(*) FROM parts) +"
        " (SELECT COUNT(*) FROM object_versions)");
    if (!count) return count.error();
    auto counted = (*count)->step();
    if (!counted) return counted.error();
    if (*counted) referenced.reserve(static_cast<std::size_t>((*count)->integer(0)));
    (*count)->reset();
    // Parts of uploads still in progress are live data: abandoned uploads survive restarts.
    // Parts of completed or aborted uploads have no row any more and go with the orphans.
    // Noncurrent versions are live data too.
    auto s = (*c)->prepare(
        "SELECT data_file FROM objects WHERE data_file <> '' UNION ALL SELECT data_file FROM "
        "parts UNION ALL SELECT data_file FROM object_versions WHERE data_file <> ''");
    if (!s) return s.error();
    while (true) {
      auto row = (*s)->step();
      if (!row) return row.error();
      if (!*row) break;
      referenced.add((*s)->text(0));
    }
  }
  // Bodies of saved snapshots are live too (sqlite_snapshots.cpp).
  if (auto r = load_snapshots(referenced); !r) return r;
  referenced.seal();
  auto removed = layout_.remove_orphans(referenced);
  if (!removed) return removed.error();
  if (*removed > 0) {
    core::log_info("storage: removed " + std::to_string(*removed) + " unreferenced data files");
  }
  referenced = ReferencedFiles();
  ::malloc_trim(0);  // give the sweep's memory back: a server idles for hours after it
  return {};
}

core::Result<void> SqliteBackend::create_bucket(const std::string& name,
                                                const std::string& region) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**tx, name);
  if (!exists) return exists.error();
  if (*exists) return core::S3Error(core::ErrorCode::kBucketAlreadyOwnedByYou);
  auto s = (*tx)->prepare("INSERT INTO buckets(name, created, region) VALUES (?1, ?2, ?3)");
  if (!s) return s.error();
  (*s)->bind_text(1, name).bind_int(2, to_millis(clock_.now())).bind_text(3, region);
  if (auto r = (*s)->run(); !r) return r;
  return tx->commit();
}

// S3 (general purpose buckets) refuses BucketNotEmpty only for objects; in-progress multipart
// uploads go with the bucket.
core::Result<void> SqliteBackend::delete_bucket(const std::string& name) {
  std::vector<std::string> part_files;
  {
    auto tx = WriteTransaction::begin(write_gate_);
    if (!tx) return tx.error();
    auto exists = bucket_exists(**tx, name);
    if (!exists) return exists.error();
    if (!*exists) return no_such_bucket();
    // S3 counts noncurrent versions and delete markers too.
    auto any = (*tx)->prepare(
        "SELECT EXISTS(SELECT 1 FROM objects WHERE bucket = ?1) OR"
        " EXISTS(SELECT 1 FROM object_versions WHERE bucket = ?1)");
    if (!any) return any.error();
    (*any)->bind_text(1, name);
    auto has_objects = (*any)->step();
    if (!has_objects) return has_objects.error();
    if (*has_objects && (*any)->integer(0) != 0) {
      return core::S3Error(core::ErrorCode::kBucketNotEmpty);
    }
    (*any)->reset();

    auto files = (*tx)->prepare(
        "SELECT data_file FROM parts WHERE upload_id IN "
        "(SELECT upload_id FROM uploads WHERE bucket = ?1)");
    if (!files) return files.error();
    (*files)->bind_text(1, name);
    while (true) {
      auto row = (*files)->step();
      if (!row) return row.error();
      if (!*row) break;
      part_files.push_back((*files)->text(0));
    }
    for (const char* sql :
         {"DELETE FROM parts WHERE upload_id IN (SELECT upload_id FROM uploads WHERE bucket = ?1)",
          "DELETE FROM uploads WHERE bucket = ?1", "DELETE FROM bucket_cors WHERE bucket = ?1",
          "DELETE FROM bucket_notification WHERE bucket = ?1",
          "DELETE FROM bucket_settings WHERE bucket = ?1", "DELETE FROM buckets WHERE name = ?1"}) {
      auto s = (*tx)->prepare(sql);
      if (!s) return s.error();
      (*s)->bind_text(1, name);
      if (auto r = (*s)->run(); !r) return r;
    }
    auto committed = tx->commit();
    known_buckets_.changed();  // either way: stage() must not trust what it saw before
    if (!committed) return committed;
  }
  unlink_data_files(part_files);
  return {};
}

void SqliteBackend::unlink_data_files(const std::vector<std::string>& names) const {
  for (const std::string& name : names) unlink_data_file(name);
}

core::Result<BucketInfo> SqliteBackend::get_bucket(const std::string& name) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto s = (*c)->prepare("SELECT created, region FROM buckets WHERE name = ?1");
  if (!s) return s.error();
  (*s)->bind_text(1, name);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return no_such_bucket();
  return BucketInfo{name, from_millis((*s)->integer(0)), (*s)->text(1)};
}

core::Result<std::vector<BucketInfo>> SqliteBackend::list_buckets() {
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto s = (*c)->prepare("SELECT name, created, region FROM buckets ORDER BY name");
  if (!s) return s.error();
  std::vector<BucketInfo> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(BucketInfo{(*s)->text(0), from_millis((*s)->integer(1)), (*s)->text(2)});
  }
  return out;
}

}  // namespace s3sandbox::storage
