// SqliteBackend::complete_upload: assembles the listed parts into one data file, streaming file
// to file outside any lock, then commits the object and drops the upload in one transaction.
//
// Crash safety: before the transaction the assembled file is an unreferenced data file (removed
// by the start-up sweep) and the upload is intact; after it the object exists and the upload's
// part rows are gone, so part files not yet unlinked are orphans the sweep removes. Never both.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/core/log.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {

// A part is re-read from the index and reopened this many times when its file is gone: it was
// replaced by a concurrent UploadPart between our read of the row and open().
constexpr int kAssembleAttempts = 4;

core::S3Error invalid_part(int number) {
  return core::S3Error(core::ErrorCode::kInvalidPart).with("PartNumber", std::to_string(number));
}

// The part numbered `number` in rows sorted by number, or end().
std::vector<PartRow>::const_iterator find_part(const std::vector<PartRow>& rows, int number) {
  auto it = std::lower_bound(rows.begin(), rows.end(), number,
                             [](const PartRow& p, int n) { return p.info.number < n; });
  return it != rows.end() && it->info.number == number ? it : rows.end();
}

}  // namespace

struct SqliteBackend::Assembly {
  MultipartUpload upload;
  std::vector<PartRow> parts;    // the listed parts, as copied
  std::filesystem::path staged;  // the assembled, finished file in staging/
};

core::Result<SqliteBackend::Assembly> SqliteBackend::assemble(
    const std::string& bucket, const std::string& key, const std::string& upload_id,
    const std::vector<int>& part_numbers) {
  for (int attempt = 1;; ++attempt) {
    Assembly out;
    {
      auto c = pool_.acquire();
      if (!c) return c.error();
      auto tx = db::ReadTransaction::begin(**c);
      if (!tx) return tx.error();
      auto upload = find_upload(**c, bucket, key, upload_id);
      if (!upload) return upload.error();
      out.upload = std::move(*upload);
      auto all = read_parts(**c, upload_id, 0, -1);
      if (!all) return all.error();
      if (auto r = tx->commit(); !r) return r.error();
      for (int number : part_numbers) {
        auto it = find_part(*all, number);
        if (it == all->end()) return invalid_part(number);
        out.parts.push_back(*it);
      }
    }

    out.staged = layout_.staging_file(core::new_unique_id());
    core::UniqueFd fd(::open(out.staged.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd) return io_failure("creating staged file", out.staged, errno);
    DiscardUnlessKept staged(out.staged);
    std::uint64_t total = 0;
    for (const PartRow& part : out.parts) total += part.info.size;
    if (auto r = ensure_room(fd.get(), total, out.staged); !r) return r.error();
    bool part_gone = false;
    for (const PartRow& part : out.parts) {
      std::filesystem::path file = layout_.data_file(part.data_file);
      // Opened one at a time: 10000 parts must not mean 10000 descriptors.
      core::UniqueFd in(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
      if (!in) {
        if (errno == ENOENT && attempt < kAssembleAttempts) {
          part_gone = true;
          break;
        }
        return io_failure("opening", file, errno);
      }
      if (auto r = copy_bytes(in.get(), fd.get(), part.info.size, file, out.staged); !r) {
        return r.error();
      }
    }
    if (part_gone) continue;  // re-read: replaced part, or the upload went meanwhile
    if (options_.fsync) {
      if (auto r = fsync_fd(fd.get(), out.staged); !r) return r.error();
    }
    if (::close(fd.release()) != 0) return io_failure("closing", out.staged, errno);
    staged.keep();
    return out;
  }
}

core::Result<ObjectMeta> SqliteBackend::complete_upload(
    const std::string& bucket, const std::string& key, const std::string& upload_id,
    const std::vector<int>& part_numbers, ObjectMeta meta, const WriteCondition& condition) {
  if (part_numbers.empty()) {
    core::log_error("storage: complete_upload called without parts");
    return core::S3Error(core::ErrorCode::kInternalError);
  }
  if (auto r = require_etag(meta.etag); !r) return r.error();
  auto assembly = assemble(bucket, key, upload_id, part_numbers);
  if (!assembly) return assembly.error();
  DiscardUnlessKept staged(assembly->staged);
  auto name = place_file(assembly->staged);
  if (!name) return name.error();
  staged.keep();
  DiscardUnlessKept placed(layout_.data_file(*name));

  // What CreateMultipartUpload fixed, plus what only the caller can compute.
  ObjectMeta stored = assembly->upload.meta;
  stored.bucket = bucket;
  stored.key = key;
  stored.etag = std::move(meta.etag);
  stored.checksums = std::move(meta.checksums);
  stored.checksum_type = std::move(meta.checksum_type);
  stored.size = 0;
  stored.part_sizes.clear();
  for (const PartRow& p : assembly->parts) {
    stored.size += p.info.size;
    stored.part_sizes.push_back(p.info.size);
  }
  stored.parts_count = static_cast<int>(assembly->parts.size());
  // S3 dates a multipart object from CreateMultipartUpload, not from its completion.
  stored.last_modified = assembly->upload.initiated;
  ObjectRow row{std::move(stored), std::move(*name), std::nullopt, nullptr};

  std::vector<std::string> removed;
  std::vector<std::string> part_files;
  {
    auto tx = WriteTransaction::begin(write_gate_);
    if (!tx) return tx.error();
    // Completed or aborted by another request while we copied.
    if (auto u = find_upload(**tx, bucket, key, upload_id); !u) return u.error();
    auto current = read_parts(**tx, upload_id, 0, -1);
    if (!current) return current.error();
    for (const PartRow& used : assembly->parts) {
      auto it = find_part(*current, used.info.number);
      // Re-uploaded while we copied: the bytes assembled are not the part the caller validated.
      if (it == current->end() || it->data_file != used.data_file) {
        return invalid_part(used.info.number);
      }
    }
    auto old = upsert_object(**tx, row, condition);
    if (!old) return old.error();
    removed = std::move(*old);
    auto files = delete_upload_rows(**tx, upload_id);
    if (!files) return files.error();
    part_files = std::move(*files);
    if (auto r = tx->commit(); !r) return r.error();
  }
  placed.keep();
  unlink_data_files(removed);
  unlink_data_files(part_files);
  return std::move(row.meta);
}

}  // namespace s3sandbox::storage
