// SqliteBackend::list_objects: the listing algorithm (listing.hpp) over a cursor on the
// (bucket, key) primary key. Each seek re-runs a range query that SQLite answers from the
// primary-key b-tree in key order without sorting, and rows are stepped lazily, so rows hidden
// behind a common prefix are never read.
#include "listing.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {

class SqliteKeyCursor final : public KeyCursor {
 public:
  SqliteKeyCursor(db::Connection& c, const std::string& bucket) : c_(c), bucket_(bucket) {}

  core::Result<void> seek(std::string_view lower,
                          const std::optional<std::string>& upper) override {
    auto s = upper ? c_.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS
                                " FROM objects WHERE bucket = ?1 AND key >= ?2 AND key < ?3"
                                " ORDER BY key")
                   : c_.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS
                                " FROM objects WHERE bucket = ?1 AND key >= ?2 ORDER BY key");
    if (!s) return s.error();
    stmt_ = *s;
    stmt_->bind_text(1, bucket_).bind_blob(2, lower);
    if (upper) stmt_->bind_blob(3, *upper);
    return {};
  }

  core::Result<std::optional<std::string>> next_key() override {
    auto row = stmt_->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(stmt_->text(0));
  }

  // S3 lists no tags: the column is neither selected nor decoded.
  ObjectMeta current() override { return read_object_row(*stmt_, bucket_, false).meta; }

 private:
  db::Connection& c_;
  const std::string& bucket_;
  db::Statement* stmt_ = nullptr;
};

}  // namespace

core::Result<ListPage> SqliteBackend::list_objects(const std::string& bucket,
                                                   const ListQuery& query) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  // One read transaction: the whole page comes from one snapshot.
  auto tx = db::ReadTransaction::begin(**c);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**c, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  SqliteKeyCursor cursor(**c, bucket);
  auto page = list_page(query, cursor);
  if (!page) return page.error();
  (*c)->settle();
  if (auto r = tx->commit(); !r) return r.error();
  return page;
}

}  // namespace s3sandbox::storage
