// SqliteBackend: multipart uploads and their parts (create, get, commit a part, list parts,
// abort). Completion is in sqlite_multipart_complete.cpp, ListMultipartUploads in
// sqlite_multipart_list.cpp.
#include <algorithm>

#include "s3sandbox/core/log.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {

constexpr int kMaxPartNumber = 10000;

core::S3Error no_such_upload() { return core::S3Error(core::ErrorCode::kNoSuchUpload); }

}  // namespace

core::Result<MultipartUpload> SqliteBackend::find_upload(db::Connection& c,
                                                         const std::string& bucket,
                                                         const std::string& key,
                                                         const std::string& upload_id) {
  auto s = c.prepare("SELECT " S3SANDBOX_UPLOAD_COLUMNS
                     " FROM uploads WHERE bucket = ?1 AND key = ?2 AND upload_id = ?3");
  if (!s) return s.error();
  (*s)->bind_text(1, bucket).bind_blob(2, key).bind_text(3, upload_id);
  auto found = (*s)->step();
  if (!found) return found.error();
  if (*found) {
    MultipartUpload upload = read_upload_row(**s, bucket);
    (*s)->reset();
    return upload;
  }
  auto exists = bucket_exists(c, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  return no_such_upload();
}

core::Result<std::vector<PartRow>> SqliteBackend::read_parts(db::Connection& c,
                                                             const std::string& upload_id,
                                                             int after, int limit) {
  auto s = c.prepare("SELECT " S3SANDBOX_PART_COLUMNS
                     " FROM parts WHERE upload_id = ?1 AND number > ?2 ORDER BY number LIMIT ?3");
  if (!s) return s.error();
  (*s)->bind_text(1, upload_id).bind_int(2, after).bind_int(3, limit);  // LIMIT -1: no limit
  std::vector<PartRow> out;
  while (true) {
    auto row = (*s)->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read_part_row(**s));
  }
  return out;
}

core::Result<std::vector<std::string>> SqliteBackend::delete_upload_rows(
    db::Connection& c, const std::string& upload_id) {
  auto parts = read_parts(c, upload_id, 0, -1);
  if (!parts) return parts.error();
  std::vector<std::string> files;
  files.reserve(parts->size());
  for (PartRow& p : *parts) files.push_back(std::move(p.data_file));
  for (const char* sql :
       {"DELETE FROM parts WHERE upload_id = ?1", "DELETE FROM uploads WHERE upload_id = ?1"}) {
    auto s = c.prepare(sql);
    if (!s) return s.error();
    (*s)->bind_text(1, upload_id);
    if (auto r = (*s)->run(); !r) return r.error();
  }
  return files;
}

core::Result<MultipartUpload> SqliteBackend::create_upload(MultipartUpload upload) {
  // Whole seconds, as S3 shows Initiated; the completed object's Last-Modified is this time.
  upload.initiated = std::chrono::floor<std::chrono::seconds>(clock_.now());
  upload.upload_id = new_upload_id(upload.initiated);
  upload.meta.bucket = upload.bucket;
  upload.meta.key = upload.key;
  upload.meta.checksums.clear();
  auto tx = WriteTransaction::begin(write_gate_);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**tx, upload.bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  auto s = (*tx)->prepare(kInsertUploadSql);
  if (!s) return s.error();
  bind_upload_row(**s, upload);
  if (auto r = (*s)->run(); !r) return r.error();
  if (auto r = tx->commit(); !r) return r.error();
  return upload;
}

core::Result<MultipartUpload> SqliteBackend::get_upload(const std::string& bucket,
                                                        const std::string& key,
                                                        const std::string& upload_id) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  return find_upload(**c, bucket, key, upload_id);
}

core::Result<PartInfo> SqliteBackend::commit_part(const std::string& bucket, const std::string& key,
                                                  const std::string& upload_id,
                                                  std::unique_ptr<StagedWrite> staged,
                                                  PartInfo part) {
  if (part.number < 1 || part.number > kMaxPartNumber) {
    return core::S3Error(core::ErrorCode::kInvalidArgument,
                         "Part number must be an integer between 1 and 10000, inclusive")
        .with("ArgumentName", "partNumber")
        .with("ArgumentValue", std::to_string(part.number));
  }
  if (staged == nullptr) return core::S3Error(core::ErrorCode::kInternalError);
  if (auto r = require_etag(part.etag); !r) return r.error();
  std::uint64_t expected_size = part.size;
  part.size = staged->size();
  auto name = place_staged(staged.get(), expected_size);
  if (!name) return name.error();
  DiscardUnlessKept placed(layout_.data_file(*name));
  part.last_modified = std::chrono::floor<std::chrono::seconds>(clock_.now());
  PartRow row{std::move(part), std::move(*name)};

  std::string replaced;
  {
    auto tx = WriteTransaction::begin(write_gate_);
    if (!tx) return tx.error();
    // Aborted or completed since the request began: the part has nothing to belong to.
    if (auto u = find_upload(**tx, bucket, key, upload_id); !u) return u.error();
    auto old = (*tx)->prepare("SELECT data_file FROM parts WHERE upload_id = ?1 AND number = ?2");
    if (!old) return old.error();
    (*old)->bind_text(1, upload_id).bind_int(2, row.info.number);
    auto found = (*old)->step();
    if (!found) return found.error();
    if (*found) replaced = (*old)->text(0);
    (*old)->reset();
    auto s = (*tx)->prepare(kUpsertPartSql);
    if (!s) return s.error();
    bind_part_row(**s, upload_id, row);
    if (auto r = (*s)->run(); !r) return r.error();
    if (auto r = tx->commit(); !r) return r.error();
  }
  placed.keep();
  // A completion that assembled the replaced part holds it open; it notices the change.
  unlink_data_file(replaced);
  return std::move(row.info);
}

core::Result<PartsPage> SqliteBackend::list_parts(const std::string& bucket, const std::string& key,
                                                  const std::string& upload_id, int after_part,
                                                  int max_parts) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto tx = db::ReadTransaction::begin(**c);
  if (!tx) return tx.error();
  if (auto u = find_upload(**c, bucket, key, upload_id); !u) return u.error();
  PartsPage page;
  if (max_parts <= 0) return page;
  // One row more than the page tells whether it is truncated.
  auto rows = read_parts(**c, upload_id, std::max(after_part, 0), max_parts + 1);
  if (!rows) return rows.error();
  if (rows->size() > static_cast<std::size_t>(max_parts)) {
    page.truncated = true;
    rows->pop_back();
  }
  for (PartRow& r : *rows) page.parts.push_back(std::move(r.info));
  if (!page.parts.empty()) page.next_marker = page.parts.back().number;
  if (auto r = tx->commit(); !r) return r.error();
  return page;
}

core::Result<std::vector<PartInfo>> SqliteBackend::all_parts(const std::string& bucket,
                                                             const std::string& key,
                                                             const std::string& upload_id) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  auto tx = db::ReadTransaction::begin(**c);
  if (!tx) return tx.error();
  if (auto u = find_upload(**c, bucket, key, upload_id); !u) return u.error();
  auto rows = read_parts(**c, upload_id, 0, -1);
  if (!rows) return rows.error();
  std::vector<PartInfo> out;
  out.reserve(rows->size());
  for (PartRow& r : *rows) out.push_back(std::move(r.info));
  if (auto r = tx->commit(); !r) return r.error();
  return out;
}

core::Result<void> SqliteBackend::abort_upload(const std::string& bucket, const std::string& key,
                                               const std::string& upload_id) {
  std::vector<std::string> files;
  {
    auto tx = WriteTransaction::begin(write_gate_);
    if (!tx) return tx.error();
    if (auto u = find_upload(**tx, bucket, key, upload_id); !u) return u.error();
    auto removed = delete_upload_rows(**tx, upload_id);
    if (!removed) return removed.error();
    if (auto r = tx->commit(); !r) return r;
    files = std::move(*removed);
  }
  unlink_data_files(files);
  return {};
}

}  // namespace s3sandbox::storage
