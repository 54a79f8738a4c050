// SqliteBackend: versioning's storage (versions.hpp has the model, backend.hpp the contract).
//
// `objects` keeps, per key, the current version when it is an object, so the hot paths (GET,
// HEAD, listing) read the same one row as in an unversioned bucket. `object_versions` holds
// everything else: noncurrent versions and delete markers, keyed (bucket, key, seq) where seq
// grows with each version stacked on the key, so "newest first" is seq descending. A version
// moves between the tables as whole rows by INSERT ... SELECT (body_id and data_file go with
// it: a version's bytes are never copied or rewritten). Invariant: when `objects` has a row for
// a key it is the latest version; otherwise the newest row of object_versions, if any, is a
// delete marker with noncurrent_since NULL (the latest). Every step here runs inside the
// caller's write transaction, so a version is stacked, promoted or removed atomically with the
// write that caused it.
#include <fcntl.h>

#include <cerrno>

#include "s3sandbox/core/log.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {

// The null version is "" in the tables; S3 shows and accepts it as "null".
std::string stored_version_id(const std::string& shown) {
  return shown == "null" ? std::string() : shown;
}

core::S3Error no_such_version(const std::string& key, const std::string& version_id) {
  return core::S3Error(core::ErrorCode::kNoSuchVersion)
      .with("Key", key)
      .with("VersionId", version_id)
      .because("The key '" + key + "' has no version '" + version_id +
               "' (it was never written or has been permanently deleted); ListObjectVersions "
               "shows the versions it has.");
}

core::Result<void> delete_body_row(db::Connection& c, std::int64_t id) {
  auto d = c.prepare("DELETE FROM bodies WHERE id = ?1");
  if (!d) return d.error();
  (*d)->bind_int(1, id);
  return (*d)->run();
}

// Columns of an object_versions row read after S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS.
constexpr int kMarkerColumn = kObjectColumnsWithTags;
constexpr int kSeqColumn = kObjectColumnsWithTags + 1;
constexpr int kBodyColumn = kObjectColumnsWithTags + 2;

// One version found by id: where it is and its row.
struct FoundVersion {
  ObjectRow row;
  bool current = false;  // the row of `objects`
  std::int64_t seq = 0;  // its seq in object_versions otherwise
};

// The version `version_id` (stored form) of a key, with its body when `with_body`.
core::Result<std::optional<FoundVersion>> find_version(db::Connection& c, const std::string& bucket,
                                                       const std::string& key,
                                                       const std::string& version_id,
                                                       bool with_body) {
  {
    auto s = with_body ? c.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                                   ", 0, 0, bodies.bytes FROM objects LEFT JOIN bodies ON"
                                   " bodies.id = body_id WHERE bucket = ?1 AND key = ?2 AND"
                                   " version_id = ?3")
                       : c.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                                   " FROM objects WHERE bucket = ?1 AND key = ?2 AND"
                                   " version_id = ?3");
    if (!s) return s.error();
    (*s)->bind_text(1, bucket).bind_blob(2, key).bind_text(3, version_id);
    auto found = (*s)->step();
    if (!found) return found.error();
    if (*found) {
      FoundVersion v{read_object_row(**s, bucket, true), true, 0};
      if (with_body && v.row.body_id) {
        v.row.body = std::make_shared<const std::string>((*s)->text(kBodyColumn));
      }
      (*s)->reset();
      return std::optional<FoundVersion>(std::move(v));
    }
  }
  auto s = with_body ? c.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                                 ", delete_marker, seq, bodies.bytes FROM object_versions LEFT"
                                 " JOIN bodies ON bodies.id = body_id WHERE bucket = ?1 AND"
                                 " key = ?2 AND version_id = ?3")
                     : c.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                                 ", delete_marker, seq FROM object_versions WHERE bucket = ?1"
                                 " AND key = ?2 AND version_id = ?3");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key).bind_text(3, version_id);
  auto found = (*s)->step();
  if (!found) return found.error();
  if (!*found) return std::optional<FoundVersion>();
  FoundVersion v{read_object_row(**s, bucket, true), false, (*s)->integer(kSeqColumn)};
  v.row.meta.delete_marker = (*s)->integer(kMarkerColumn) != 0;
  if (with_body && v.row.body_id) {
    v.row.body = std::make_shared<const std::string>((*s)->text(kBodyColumn));
  }
  (*s)->reset();
  return std::optional<FoundVersion>(std::move(v));
}

}  // namespace

core::Result<VersioningStatus> SqliteBackend::versioning_in(db::Connection& c,
                                                            const std::string& bucket) {
  auto s = c.prepare("SELECT document FROM bucket_settings WHERE bucket = ?1 AND name = ?2");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_text(2, kVersioningSetting);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return VersioningStatus::kUnversioned;
  const VersioningStatus status = versioning_status_of((*s)->text(0));
  (*s)->reset();
  return status;
}

core::Result<VersioningStatus> SqliteBackend::get_bucket_versioning(const std::string& bucket) {
  auto settings = get_bucket_settings(bucket);  // cached
  if (!settings) return settings.error();
  auto it = (*settings)->find(std::string(kVersioningSetting));
  if (it == (*settings)->end()) return VersioningStatus::kUnversioned;
  return versioning_status_of(it->second);
}

core::Result<void> SqliteBackend::put_bucket_versioning(const std::string& bucket,
                                                        VersioningStatus status) {
  if (status == VersioningStatus::kUnversioned) {
    return core::S3Error(core::ErrorCode::kInvalidArgument)
        .because("A bucket cannot return to Unversioned; suspend versioning instead.");
  }
  return put_bucket_setting(
      bucket, std::string(kVersioningSetting),
      std::string(status == VersioningStatus::kEnabled ? kVersioningEnabled
                                                       : kVersioningSuspended));
}

core::Result<void> SqliteBackend::stack_current(db::Connection& c, const std::string& bucket,
                                                const std::string& key, core::TimePoint now) {
  // The latest delete marker, if the latest is one, is noncurrent from now. (When `objects`
  // has a row no marker is latest, and this changes nothing.)
  auto u = c.prepare(
      "UPDATE object_versions SET noncurrent_since = ?3 WHERE bucket = ?1 AND key = ?2 AND"
      " noncurrent_since IS NULL");
  if (!u) return u.error();
  (*u)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, to_millis(now));
  if (auto r = (*u)->run(); !r) return r;
  auto move = c.prepare(
      "INSERT INTO object_versions(bucket, seq, delete_marker, "
      "noncurrent_since, " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
      ") SELECT bucket, (SELECT COALESCE(MAX(seq), 0) + 1 FROM object_versions WHERE"
      " bucket = ?1 AND key = ?2), 0, ?3, " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
      " FROM objects WHERE bucket = ?1 AND key = ?2");
  if (!move) return move.error();
  (*move)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, to_millis(now));
  if (auto r = (*move)->run(); !r) return r;
  if (sqlite3_changes(c.handle()) == 0) return {};
  auto d = c.prepare("DELETE FROM objects WHERE bucket = ?1 AND key = ?2");
  if (!d) return d.error();
  (*d)->bind_text(1, bucket).bind_blob(2, key);
  return (*d)->run();
}

core::Result<void> SqliteBackend::remove_null_version(db::Connection& c, const std::string& bucket,
                                                      const std::string& key,
                                                      std::vector<std::string>& files) {
  auto s = c.prepare(
      "SELECT seq, data_file, body_id FROM object_versions WHERE bucket = ?1 AND key = ?2 AND"
      " version_id = ''");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return {};
  const std::int64_t seq = (*s)->integer(0);
  std::string file = (*s)->text(1);
  const bool has_body = !(*s)->is_null(2);
  const std::int64_t body = has_body ? (*s)->integer(2) : 0;
  (*s)->reset();
  auto d = c.prepare("DELETE FROM object_versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3");
  if (!d) return d.error();
  (*d)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, seq);
  if (auto r = (*d)->run(); !r) return r;
  if (has_body) {
    if (auto r = delete_body_row(c, body); !r) return r;
  }
  if (!file.empty()) files.push_back(std::move(file));
  return {};
}

core::Result<void> SqliteBackend::promote_latest(db::Connection& c, const std::string& bucket,
                                                 const std::string& key) {
  auto s = c.prepare(
      "SELECT seq, delete_marker FROM object_versions WHERE bucket = ?1 AND key = ?2"
      " ORDER BY seq DESC LIMIT 1");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key);
  auto row = (*s)->step();
  if (!row) return row.error();
  if (!*row) return {};  // no version left: the key is gone
  const std::int64_t seq = (*s)->integer(0);
  const bool marker = (*s)->integer(1) != 0;
  (*s)->reset();
  if (marker) {
    auto u = c.prepare(
        "UPDATE object_versions SET noncurrent_since = NULL WHERE bucket = ?1 AND key = ?2 AND"
        " seq = ?3");
    if (!u) return u.error();
    (*u)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, seq);
    return (*u)->run();
  }
  auto move = c.prepare("INSERT INTO objects(bucket, " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                        ") SELECT bucket, " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                        " FROM object_versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3");
  if (!move) return move.error();
  (*move)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, seq);
  if (auto r = (*move)->run(); !r) return r;
  auto d = c.prepare("DELETE FROM object_versions WHERE bucket = ?1 AND key = ?2 AND seq = ?3");
  if (!d) return d.error();
  (*d)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, seq);
  return (*d)->run();
}

core::S3Error SqliteBackend::with_delete_marker(core::S3Error e, const std::string& bucket,
                                                const std::string& key) {
  if (e.code != core::ErrorCode::kNoSuchKey) return e;
  auto c = pool_.acquire();
  if (!c) return e;
  auto s = (*c)->prepare(
      "SELECT version_id FROM object_versions WHERE bucket = ?1 AND key = ?2 AND"
      " noncurrent_since IS NULL AND delete_marker = 1");
  if (!s) return e;
  (*s)->bind_text(1, bucket).bind_blob(2, key);
  auto row = (*s)->step();
  if (row && *row) {
    e.headers.emplace_back("x-amz-delete-marker", "true");
    e.headers.emplace_back("x-amz-version-id", shown_version_id((*s)->text(0)));
    e.diagnosis =
        "The latest version of '" + key +
        "' is a delete marker: the key was deleted in a versioned bucket. Its older versions "
        "remain; GET one with ?versionId= (ListObjectVersions lists them), or delete the marker "
        "by its version id to restore the previous version.";
  }
  (*s)->reset();
  return e;
}

core::Result<DeleteOutcome> SqliteBackend::delete_object_version(const std::string& bucket,
                                                                 const std::string& key,
                                                                 const std::string& version_id) {
  const std::string id = stored_version_id(version_id);
  std::vector<std::string> files;
  DeleteOutcome outcome;
  {
    auto tx = WriteTransaction::begin(write_gate_);
    if (!tx) return tx.error();
    auto exists = bucket_exists(**tx, bucket);
    if (!exists) return exists.error();
    if (!*exists) return no_such_bucket();
    auto found = find_version(**tx, bucket, key, id, false);
    if (!found) return found.error();
    if (!*found) return outcome;  // S3 answers 204 for a version that is not there
    FoundVersion& v = **found;
    const bool was_latest =
        v.current || (v.row.meta.delete_marker && [&]() -> bool {
          auto s = (*tx)->prepare(
              "SELECT noncurrent_since IS NULL FROM object_versions WHERE bucket = ?1 AND"
              " key = ?2 AND seq = ?3");
          if (!s) return false;
          (*s)->bind_text(1, bucket).bind_blob(2, key).bind_int(3, v.seq);
          auto row = (*s)->step();
          const bool latest = row && *row && (*s)->integer(0) != 0;
          (*s)->reset();
          return latest;
        }());
    auto d = v.current ? (*tx)->prepare("DELETE FROM objects WHERE bucket = ?1 AND key = ?2")
                       : (*tx)->prepare(
                             "DELETE FROM object_versions WHERE bucket = ?1 AND key = ?2 AND"
                             " seq = ?3");
    if (!d) return d.error();
    (*d)->bind_text(1, bucket).bind_blob(2, key);
    if (!v.current) (*d)->bind_int(3, v.seq);
    if (auto r = (*d)->run(); !r) return r.error();
    if (v.row.body_id) {
      if (auto r = delete_body_row(**tx, *v.row.body_id); !r) return r.error();
    }
    if (was_latest) {
      if (auto r = promote_latest(**tx, bucket, key); !r) return r.error();
    }
    if (auto r = tx->commit(); !r) return r.error();
    if (!v.row.data_file.empty()) files.push_back(std::move(v.row.data_file));
    outcome.version_id = id;
    outcome.delete_marker = v.row.meta.delete_marker;
  }
  unlink_data_files(files);
  layout_.ensure_reserve();
  return outcome;
}

core::Result<ObjectMeta> SqliteBackend::head_object_version(const std::string& bucket,
                                                            const std::string& key,
                                                            const std::string& version_id) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto found = find_version(**c, bucket, key, stored_version_id(version_id), false);
  if (!found) return found.error();
  if (!*found) {
    auto exists = bucket_exists(**c, bucket);
    if (!exists) return exists.error();
    if (!*exists) return no_such_bucket();
    return no_such_version(key, version_id);
  }
  return std::move((*found)->row.meta);
}

core::Result<ObjectReader> SqliteBackend::open_object_version(const std::string& bucket,
                                                              const std::string& key,
                                                              const std::string& version_id) {
  constexpr int kAttempts = 4;  // the file can go between the read and open(): look again
  for (int attempt = 1;; ++attempt) {
    std::optional<FoundVersion> version;
    {
      auto c = pool_.acquire();
      if (!c) return c.error();
      auto found = find_version(**c, bucket, key, stored_version_id(version_id), true);
      if (!found) return found.error();
      if (!*found) {
        auto exists = bucket_exists(**c, bucket);
        if (!exists) return exists.error();
        if (!*exists) return no_such_bucket();
        return no_such_version(key, version_id);
      }
      version = std::move(*found);
    }
    ObjectRow& row = version->row;
    if (row.meta.delete_marker) return ObjectReader{std::move(row.meta), core::UniqueFd(), nullptr};
    if (row.body_id) {
      if (!row.body || row.body->size() != row.meta.size) {
        core::log_error("storage: the body row of a version is missing or has the wrong size");
        return core::S3Error(core::ErrorCode::kInternalError);
      }
      return ObjectReader{std::move(row.meta), core::UniqueFd(), std::move(row.body)};
    }
    std::filesystem::path file = layout_.data_file(row.data_file);
    core::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd) return ObjectReader{std::move(row.meta), std::move(fd), nullptr};
    const int error = errno;
    if (error != ENOENT || attempt == kAttempts) return io_failure("opening", file, error);
  }
}

namespace {

enum class VersionColumn { kTags, kSettings };

// Replaces one column (`tags` or `settings`) of one version's row, wherever the version is; the
// found row comes back for the caller to update. MethodNotAllowed for a delete marker (it has
// neither tags nor an ACL), NoSuchVersion when there is none.
core::Result<FoundVersion> update_version_column(WriteGate& gate, const std::string& bucket,
                                                 const std::string& key,
                                                 const std::string& version_id,
                                                 VersionColumn column, const std::string& value,
                                                 std::string_view marker_lacks) {
  auto tx = WriteTransaction::begin(gate);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**tx, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  auto found = find_version(**tx, bucket, key, stored_version_id(version_id), false);
  if (!found) return found.error();
  if (!*found) return no_such_version(key, version_id);
  FoundVersion& v = **found;
  if (v.row.meta.delete_marker) {
    return core::S3Error(core::ErrorCode::kMethodNotAllowed,
                         "The specified method is not allowed against this resource.")
        .with_header("x-amz-delete-marker", "true")
        .because("Version '" + version_id + "' of '" + key + "' is a delete marker, which has " +
                 std::string(marker_lacks) + ".");
  }
  const bool tags = column == VersionColumn::kTags;
  const char* sql =
      v.current ? (tags ? "UPDATE objects SET tags = ?3 WHERE bucket = ?1 AND key = ?2"
                        : "UPDATE objects SET settings = ?3 WHERE bucket = ?1 AND key = ?2")
      : tags    ? "UPDATE object_versions SET tags = ?3 WHERE bucket = ?1 AND key = ?2"
                  " AND seq = ?4"
                : "UPDATE object_versions SET settings = ?3 WHERE bucket = ?1 AND key = ?2"
                  " AND seq = ?4";
  auto s = (*tx)->prepare(sql);
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key).bind_text(3, value);
  if (!v.current) (*s)->bind_int(4, v.seq);
  if (auto r = (*s)->run(); !r) return r.error();
  // The commit advances the write generation: cached rows of the object are stale from here.
  if (auto r = tx->commit(); !r) return r.error();
  return std::move(v);
}

}  // namespace

core::Result<ObjectMeta> SqliteBackend::put_object_version_tags(
    const std::string& bucket, const std::string& key, const std::string& version_id,
    std::vector<std::pair<std::string, std::string>> tags) {
  auto v = update_version_column(write_gate_, bucket, key, version_id, VersionColumn::kTags,
                                 encode_tags(tags), "no tags");
  if (!v) return v.error();
  v->row.meta.tags = std::move(tags);
  return std::move(v->row.meta);
}

core::Result<ObjectMeta> SqliteBackend::put_object_version_settings(
    const std::string& bucket, const std::string& key, const std::string& version_id,
    std::map<std::string, std::string> settings) {
  auto v = update_version_column(write_gate_, bucket, key, version_id, VersionColumn::kSettings,
                                 encode_settings(settings), "no ACL");
  if (!v) return v.error();
  v->row.meta.settings = std::move(settings);
  return std::move(v->row.meta);
}

}  // namespace s3sandbox::storage
