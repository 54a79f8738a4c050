// SqliteBackend: object writes (the commit protocol), reads and deletes.
#include <fcntl.h>

#include <cerrno>
#include <optional>

#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/core/log.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {

core::S3Error precondition_failed(const char* condition) {
  return core::S3Error(core::ErrorCode::kPreconditionFailed).with("Condition", condition);
}

core::Result<void> delete_body(db::Connection& c, std::int64_t id) {
  auto d = c.prepare("DELETE FROM bodies WHERE id = ?1");
  if (!d) return d.error();
  (*d)->bind_int(1, id);
  return (*d)->run();
}

// Reads are retried this many times when the file named by the row is gone: a concurrent
// overwrite or delete unlinked it between our read of the row and open().
constexpr int kOpenAttempts = 4;

}  // namespace

core::Result<std::unique_ptr<StagedWrite>> SqliteBackend::stage(const std::string& bucket) {
  // An early answer for a missing bucket (the commit checks again, inside its transaction).
  // Known buckets skip SQLite: that read was a twelfth of a small PUT (perf).
  const std::uint64_t generation = known_buckets_.generation();
  if (!known_buckets_.contains(bucket, generation)) {
    auto c = pool_.acquire();
    if (!c) return c.error();
    auto exists = bucket_exists(**c, bucket);
    if (!exists) return exists.error();
    if (!*exists) return no_such_bucket();
    known_buckets_.remember(bucket, generation);
  }
  auto staged = FileStagedWrite::create(layout_, this);
  if (!staged) return staged.error();
  return std::unique_ptr<StagedWrite>(std::move(*staged));
}

core::Result<std::string> SqliteBackend::place_data_file(FileStagedWrite& staged) {
  // Already in data/ (staged_file.hpp): only the directory entries need to be durable.
  if (options_.fsync) {
    if (staged.created_dir()) {
      if (auto r = fsync_dir(layout_.data_dir()); !r) return r.error();
    }
    if (auto r = fsync_dir(staged.path().parent_path()); !r) return r.error();
  }
  staged.disown();
  return staged.name();
}

core::Result<std::string> SqliteBackend::place_file(const std::filesystem::path& staged) {
  std::string name = new_data_name();
  std::filesystem::path target = layout_.data_file(name);
  std::filesystem::path dir = target.parent_path();
  std::error_code ec;
  bool created = std::filesystem::create_directory(dir, ec);
  if (ec) return io_failure("creating directory", dir, ec.value());
  if (created && options_.fsync) {
    if (auto r = fsync_dir(layout_.data_dir()); !r) return r.error();
  }
  if (::rename(staged.c_str(), target.c_str()) != 0) {
    return io_failure("renaming into data/", staged, errno);
  }
  if (options_.fsync) {
    if (auto r = fsync_dir(dir); !r) {
      unlink_quietly(target);
      return r.error();
    }
  }
  return name;
}

core::Result<FileStagedWrite*> SqliteBackend::own_staged(StagedWrite* staged_write,
                                                         std::uint64_t expected_size) {
  auto* staged = dynamic_cast<FileStagedWrite*>(staged_write);
  if (staged == nullptr || staged->owner() != this) {
    core::log_error("storage: given a staged write of another backend");
    return core::S3Error(core::ErrorCode::kInternalError);
  }
  if (expected_size != 0 && expected_size != staged->size()) {
    core::log_error("storage: commit size " + std::to_string(expected_size) + " differs from the " +
                    std::to_string(staged->size()) + " bytes staged");
    return core::S3Error(core::ErrorCode::kInternalError);
  }
  return staged;
}

core::Result<std::string> SqliteBackend::place_staged(StagedWrite* staged_write,
                                                      std::uint64_t expected_size) {
  auto staged = own_staged(staged_write, expected_size);
  if (!staged) return staged.error();
  if (auto r = (*staged)->finish(options_.fsync); !r) return r.error();
  return place_data_file(**staged);
}

core::Result<ObjectMeta> SqliteBackend::commit_object(std::unique_ptr<StagedWrite> staged,
                                                      ObjectMeta meta,
                                                      const WriteCondition& condition) {
  if (staged == nullptr) return core::S3Error(core::ErrorCode::kInternalError);
  if (auto r = require_etag(meta.etag); !r) return r.error();
  std::uint64_t expected_size = meta.size;
  meta.size = staged->size();
  auto file = own_staged(staged.get(), expected_size);
  if (!file) return file.error();
  if (auto r = (*file)->finish(options_.fsync, options_.inline_limit); !r) return r.error();

  ObjectRow row;
  std::optional<DiscardUnlessKept> placed;
  if ((*file)->in_memory()) {
    // Goes into the index: the same room check as a data file's, so that a full volume refuses
    // small and large uploads alike and keeps the reserve for deletes.
    if (auto r = ensure_room_at(layout_.data_dir(), meta.size); !r) return r.error();
    row.body = std::make_shared<const std::string>((*file)->bytes());
  } else {
    auto name = place_data_file(**file);
    if (!name) return name.error();
    placed.emplace(layout_.data_file(*name));
    row.data_file = std::move(*name);
  }

  // Stored with millisecond precision; return exactly what a later read will see.
  // S3 keeps Last-Modified to the second: HEAD's HTTP date and the listing's ".000Z" agree.
  meta.last_modified = std::chrono::floor<std::chrono::seconds>(clock_.now());
  row.meta = std::move(meta);
  auto removed = swap_row(row, condition);
  if (!removed) return removed.error();
  if (placed) placed->keep();
  // Open readers of a removed body keep their descriptor; the name goes now.
  unlink_data_files(*removed);
  return std::move(row.meta);
}

core::Result<void> SqliteBackend::require_etag(const std::string& etag) {
  if (!etag.empty()) return {};
  core::log_error("storage: commit without an ETag (the caller hashes the bytes it writes)");
  return core::S3Error(core::ErrorCode::kInternalError);
}

void SqliteBackend::unlink_data_file(const std::string& name) const {
  if (!name.empty() && !pins_.contains(name)) unlink_quietly(layout_.data_file(name));
}

// The transaction of a commit. Returns the data files of the versions it removed.
core::Result<std::vector<std::string>> SqliteBackend::swap_row(ObjectRow& row,
                                                               const WriteCondition& condition) {
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto removed = upsert_object(**tx, row, condition);
  if (!removed) return removed.error();
  if (auto r = tx->commit(); !r) return r.error();
  return removed;
}

core::Result<std::vector<std::string>> SqliteBackend::upsert_object(
    db::Connection& c, ObjectRow& row, const WriteCondition& condition) {
  auto old = find_object(c, row.meta.bucket, row.meta.key);
  std::optional<ObjectRow> current;
  if (old) {
    current = std::move(*old);
  } else if (old.error().code != core::ErrorCode::kNoSuchKey) {
    return old.error();  // NoSuchBucket (deleted since stage()) or a failure
  }

  if (condition.if_none_match_any && current) return precondition_failed("If-None-Match");
  if (condition.if_match) {
    // S3 answers 404 NoSuchKey to If-Match on a missing key, 412 to a different ETag.
    if (!current) return core::S3Error(core::ErrorCode::kNoSuchKey);
    if (*condition.if_match != "*" && *condition.if_match != current->meta.etag) {
      return precondition_failed("If-Match");
    }
  }

  auto status = versioning_in(c, row.meta.bucket);
  if (!status) return status.error();
  std::vector<std::string> removed;
  // The current row is replaced (its body and file go) unless it is kept as a version.
  std::optional<ObjectRow> replaced;
  if (*status == VersioningStatus::kEnabled) {
    row.meta.version_id = core::new_unique_id();
  } else {
    row.meta.version_id.clear();  // the null version
  }
  const bool keeps_current =
      *status == VersioningStatus::kEnabled ||
      (*status == VersioningStatus::kSuspended && current && !current->meta.version_id.empty());
  if (*status != VersioningStatus::kUnversioned) {
    if (*status == VersioningStatus::kSuspended) {
      if (auto r = remove_null_version(c, row.meta.bucket, row.meta.key, removed); !r) {
        return r.error();
      }
    }
    if (keeps_current || !current) {
      // The current version (or the latest delete marker) becomes noncurrent now.
      const core::TimePoint now = std::chrono::floor<std::chrono::seconds>(clock_.now());
      if (auto r = stack_current(c, row.meta.bucket, row.meta.key, now); !r) {
        return r.error();
      }
    }
  }
  if (current && !keeps_current) replaced = std::move(current);

  const std::optional<std::int64_t> old_body = replaced ? replaced->body_id : std::nullopt;
  if (row.body && old_body) {
    // Small over small (the common overwrite): the body row is rewritten in place, which
    // changes fewer pages than a delete and an insert. Safe to reuse the id: readers get a row
    // and its body from one snapshot (find_object_with_body).
    auto u = c.prepare("UPDATE bodies SET bytes = ?1 WHERE id = ?2");
    if (!u) return u.error();
    (*u)->bind_blob(1, *row.body).bind_int(2, *old_body);
    if (auto r = (*u)->run(); !r) return r.error();
    row.body_id = old_body;
  } else if (row.body) {
    auto b = c.prepare("INSERT INTO bodies(bytes) VALUES (?1)");
    if (!b) return b.error();
    (*b)->bind_blob(1, *row.body);
    if (auto r = (*b)->run(); !r) return r.error();
    row.body_id = sqlite3_last_insert_rowid(c.handle());
  } else if (old_body) {
    if (auto r = delete_body(c, *old_body); !r) return r.error();
  }
  auto s = c.prepare(kUpsertObjectSql);
  if (!s) return s.error();
  bind_object_row(**s, row);
  if (auto r = (*s)->run(); !r) return r.error();
  if (replaced && !replaced->data_file.empty()) removed.push_back(replaced->data_file);
  return removed;
}

core::Result<ObjectRow> SqliteBackend::find_object(db::Connection& c, const std::string& bucket,
                                                   const std::string& key) {
  auto s = c.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                     " FROM objects WHERE bucket = ?1 AND key = ?2");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key);
  auto found = (*s)->step();
  if (!found) return found.error();
  if (*found) {
    ObjectRow row = read_object_row(**s, bucket, /*with_tags=*/true);
    (*s)->reset();
    return row;
  }
  auto exists = bucket_exists(c, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  return core::S3Error(core::ErrorCode::kNoSuchKey);
}

core::Result<ObjectRow> SqliteBackend::find_object_cached(const std::string& bucket,
                                                          const std::string& key) {
  // The generation is read before SQLite is: see row_cache.hpp for why that order is safe.
  const std::uint64_t generation = write_gate_.generation();
  if (auto row = row_cache_.find(bucket, key, generation)) return std::move(*row);
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto row = find_object(**c, bucket, key);
  if (row) row_cache_.remember(*row, generation);
  return row;
}

core::Result<ObjectMeta> SqliteBackend::head_object(const std::string& bucket,
                                                    const std::string& key) {
  auto row = find_object_cached(bucket, key);
  if (!row) return with_delete_marker(row.error(), bucket, key);
  return std::move(row->meta);
}

core::Result<ObjectRow> SqliteBackend::find_object_with_body(const std::string& bucket,
                                                             const std::string& key) {
  const std::uint64_t generation = write_gate_.generation();  // before SQLite: row_cache.hpp
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto s = (*c)->prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                         ", bodies.bytes FROM objects LEFT JOIN bodies ON bodies.id = body_id"
                         " WHERE bucket = ?1 AND key = ?2");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key);
  auto found = (*s)->step();
  if (!found) return found.error();
  if (!*found) return find_object(**c, bucket, key);  // NoSuchKey or NoSuchBucket
  ObjectRow row = read_object_row(**s, bucket, /*with_tags=*/true);
  if (row.body_id) {
    constexpr int kBodyColumn = kObjectColumnsWithTags;
    const bool missing = (*s)->is_null(kBodyColumn);
    row.body = std::make_shared<const std::string>((*s)->text(kBodyColumn));
    if (missing || row.body->size() != row.meta.size) {
      // A damaged index: never serve a body that is not the object's.
      core::log_error("storage: the body row of an object is missing or has the wrong size");
      (*s)->reset();
      return core::S3Error(core::ErrorCode::kInternalError);
    }
  }
  (*s)->reset();
  row_cache_.remember(row, generation);
  return row;
}

core::Result<ObjectReader> SqliteBackend::open_object(const std::string& bucket,
                                                      const std::string& key) {
  for (int attempt = 1;; ++attempt) {
    auto row = find_object_cached(bucket, key);
    if (!row) return with_delete_marker(row.error(), bucket, key);
    if (row->body_id && !row->body) row = find_object_with_body(bucket, key);
    if (!row) return row.error();
    if (row->body)
      return ObjectReader{std::move(row->meta), core::UniqueFd(), std::move(row->body)};
    std::filesystem::path file = layout_.data_file(row->data_file);
    core::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd) return ObjectReader{std::move(row->meta), std::move(fd), nullptr};
    const int error = errno;
    // Replaced between the lookup and the open: look again (SQLite, not the cache).
    row_cache_.forget(bucket, key);
    if (error != ENOENT || attempt == kOpenAttempts) return io_failure("opening", file, error);
  }
}

core::Result<void> SqliteBackend::delete_object(const std::string& bucket, const std::string& key) {
  auto deleted = delete_object_versioned(bucket, key);
  if (!deleted) return deleted.error();
  return {};
}

core::Result<DeleteOutcome> SqliteBackend::delete_object_versioned(const std::string& bucket,
                                                                   const std::string& key) {
  auto deleted = delete_object_once(bucket, key);
  if (!deleted && deleted.error().diagnosis == kVolumeFullDiagnosis && layout_.release_reserve()) {
    // The index could not record the delete on a full volume: spend the reserve and retry, so
    // that space can be freed through S3.
    deleted = delete_object_once(bucket, key);
  }
  if (deleted) layout_.ensure_reserve();
  return deleted;
}

core::Result<DeleteOutcome> SqliteBackend::delete_object_once(const std::string& bucket,
                                                              const std::string& key) {
  std::vector<std::string> files;
  DeleteOutcome outcome;
  {
    auto tx = WriteTransaction::begin(write_gate_);
    if (!tx) return tx.error();
    auto row = find_object(**tx, bucket, key);
    if (!row && row.error().code != core::ErrorCode::kNoSuchKey) return row.error();
    auto status = versioning_in(**tx, bucket);
    if (!status) return status.error();
    if (*status == VersioningStatus::kUnversioned && !row) return outcome;  // S3: succeeds
    // The current row goes unless it is kept as a noncurrent version.
    const bool keeps_current =
        row && (*status == VersioningStatus::kEnabled ||
                (*status == VersioningStatus::kSuspended && !row->meta.version_id.empty()));
    const core::TimePoint now = std::chrono::floor<std::chrono::seconds>(clock_.now());
    if (*status == VersioningStatus::kSuspended) {
      if (auto r = remove_null_version(**tx, bucket, key, files); !r) return r.error();
    }
    if (row && !keeps_current) {
      auto s = (*tx)->prepare("DELETE FROM objects WHERE bucket = ?1 AND key = ?2");
      if (!s) return s.error();
      (*s)->bind_text(1, bucket).bind_blob(2, key);
      if (auto r = (*s)->run(); !r) return r.error();
      if (row->body_id) {
        if (auto r = delete_body(**tx, *row->body_id); !r) return r.error();
      }
      files.push_back(std::move(row->data_file));
    }
    if (*status != VersioningStatus::kUnversioned) {
      if (auto r = stack_current(**tx, bucket, key, now); !r) return r.error();
      const std::string marker_id =
          *status == VersioningStatus::kEnabled ? core::new_unique_id() : std::string();
      auto seq = (*tx)->prepare(
          "SELECT COALESCE(MAX(seq), 0) + 1 FROM object_versions WHERE bucket = ?1 AND key = ?2");
      if (!seq) return seq.error();
      (*seq)->bind_text(1, bucket).bind_blob(2, key);
      if (auto r = (*seq)->step(); !r) return r.error();
      const std::int64_t next = (*seq)->integer(0);
      (*seq)->reset();
      auto m = (*tx)->prepare(
          "INSERT INTO object_versions(bucket, key, seq, version_id, delete_marker,"
          " noncurrent_since, last_modified) VALUES (?1, ?2, ?3, ?4, 1, NULL, ?5)");
      if (!m) return m.error();
      (*m)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, next).bind_text(4, marker_id);
      (*m)->bind_int(5, to_millis(now));
      if (auto r = (*m)->run(); !r) return r.error();
      outcome.version_id = marker_id;
      outcome.delete_marker = true;
    }
    if (auto r = tx->commit(); !r) return r.error();
  }
  unlink_data_files(files);
  return outcome;
}

}  // namespace s3sandbox::storage
