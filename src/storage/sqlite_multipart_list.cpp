// SqliteBackend::list_uploads (ListMultipartUploads) over the (bucket, key, upload_id) primary key
// of `uploads`. Upload ids sort by initiation time (upload_row.hpp), so key order is S3's order.
//
// As in list_objects (listing.hpp): with a delimiter, a key holding it after the prefix rolls up
// into its common prefix, emitted once, and the scan SEEKS past every key sharing it; uploads and
// common prefixes both count towards max_uploads; a common prefix not greater than key_marker was
// returned by an earlier page and is skipped. Markers: key_marker alone starts after every upload
// of that key; with upload_id_marker, uploads of key_marker with a greater id come first (S3
// ignores upload_id_marker without key_marker).
#include <optional>

#include "listing.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {

// A lazily stepped range query over one bucket's uploads, in (key, upload_id) order.
class UploadScan {
 public:
  UploadScan(db::Connection& c, const std::string& bucket) : c_(c), bucket_(bucket) {}

  // Positions before the first upload with key >= lower (and key < upper when given).
  core::Result<void> seek(std::string_view lower, const std::optional<std::string>& upper) {
    auto s = upper ? c_.prepare("SELECT " S3SANDBOX_UPLOAD_COLUMNS
                                " FROM uploads WHERE bucket = ?1 AND key >= ?2 AND key < ?3"
                                " ORDER BY key, upload_id")
                   : c_.prepare("SELECT " S3SANDBOX_UPLOAD_COLUMNS
                                " FROM uploads WHERE bucket = ?1 AND key >= ?2"
                                " ORDER BY key, upload_id");
    if (!s) return s.error();
    stmt_ = *s;
    stmt_->bind_text(1, bucket_).bind_blob(2, lower);
    if (upper) stmt_->bind_blob(3, *upper);
    return {};
  }

  // Positions after the upload (key, upload_id) (keys < upper when given).
  core::Result<void> seek_after(std::string_view key, std::string_view upload_id,
                                const std::optional<std::string>& upper) {
    auto s = upper ? c_.prepare("SELECT " S3SANDBOX_UPLOAD_COLUMNS
                                " FROM uploads WHERE bucket = ?1 AND key < ?4 AND"
                                " ((key = ?2 AND upload_id > ?3) OR key > ?2)"
                                " ORDER BY key, upload_id")
                   : c_.prepare("SELECT " S3SANDBOX_UPLOAD_COLUMNS
                                " FROM uploads WHERE bucket = ?1 AND"
                                " ((key = ?2 AND upload_id > ?3) OR key > ?2)"
                                " ORDER BY key, upload_id");
    if (!s) return s.error();
    stmt_ = *s;
    stmt_->bind_text(1, bucket_).bind_blob(2, key).bind_text(3, upload_id);
    if (upper) stmt_->bind_blob(4, *upper);
    return {};
  }

  // The next upload's key, or nullopt at the end of the range.
  core::Result<std::optional<std::string>> next_key() {
    auto row = stmt_->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(stmt_->text(0));
  }

  MultipartUpload current() const { return read_upload_row(*stmt_, bucket_); }

 private:
  db::Connection& c_;
  const std::string& bucket_;
  db::Statement* stmt_ = nullptr;
};

core::Result<UploadsPage> uploads_page(const UploadsQuery& q, UploadScan& scan) {
  UploadsPage page;
  if (q.max_uploads <= 0) return page;
  const std::optional<std::string> upper =
      q.prefix.empty() ? std::nullopt : prefix_successor(q.prefix);

  if (!q.key_marker.empty() && !q.upload_id_marker.empty() && q.key_marker >= q.prefix) {
    if (auto r = scan.seek_after(q.key_marker, q.upload_id_marker, upper); !r) return r.error();
  } else {
    // The smallest byte string greater than key_marker is key_marker followed by a NUL byte.
    std::string lower = q.key_marker;
    if (!lower.empty()) lower.push_back('\0');
    if (lower < q.prefix) lower = q.prefix;
    if (auto r = scan.seek(lower, upper); !r) return r.error();
  }

  int count = 0;
  while (true) {
    auto next = scan.next_key();
    if (!next) return next.error();
    if (!*next) break;
    const std::string& key = **next;

    std::size_t pos =
        q.delimiter.empty() ? std::string::npos : key.find(q.delimiter, q.prefix.size());
    if (pos == std::string::npos) {
      if (count == q.max_uploads) {
        page.truncated = true;
        break;
      }
      page.uploads.push_back(scan.current());
      page.next_key_marker = key;
      page.next_upload_id_marker = page.uploads.back().upload_id;
      ++count;
      continue;
    }

    std::string common = key.substr(0, pos + q.delimiter.size());
    if (common > q.key_marker) {
      if (count == q.max_uploads) {
        page.truncated = true;
        break;
      }
      page.common_prefixes.push_back(common);
      page.next_key_marker = common;
      page.next_upload_id_marker.clear();
      ++count;
    }
    std::optional<std::string> past = prefix_successor(common);
    if (!past) break;  // nothing sorts after this common prefix
    if (auto r = scan.seek(*past, upper); !r) return r.error();
  }
  return page;
}

}  // namespace

core::Result<UploadsPage> SqliteBackend::list_uploads(const std::string& bucket,
                                                      const UploadsQuery& query) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  // One read transaction: the whole page comes from one snapshot.
  auto tx = db::ReadTransaction::begin(**c);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**c, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  UploadScan scan(**c, bucket);
  auto page = uploads_page(query, scan);
  if (!page) return page.error();
  (*c)->settle();
  if (auto r = tx->commit(); !r) return r.error();
  return page;
}

}  // namespace s3sandbox::storage
