// SqliteBackend::list_object_versions: ListObjectVersions over the two tables of versioning
// (sqlite_versions.cpp). Keys are walked in bytewise order by seeking the next key of either
// table (two primary-key seeks per key), common prefixes are skipped over whole as in
// listing.hpp, and each key's entries are read newest first (the `objects` row, then
// object_versions by seq descending) with a LIMIT of what the page still takes: a page costs
// O(page) rows and seeks, whatever the bucket holds.
#include <limits>

#include "listing.hpp"
#include "sqlite_backend_impl.hpp"

namespace s3sandbox::storage {
namespace {

constexpr int kMarkerColumn = kObjectColumnsWithTags;
constexpr int kNoncurrentColumn = kObjectColumnsWithTags + 1;
constexpr int kSeqColumn = kObjectColumnsWithTags + 2;

class VersionWalk {
 public:
  VersionWalk(db::Connection& c, const std::string& bucket, const VersionsQuery& q)
      : c_(c), bucket_(bucket), q_(q) {}

  core::Result<VersionsPage> run() {
    if (q_.max_keys <= 0) return std::move(page_);
    std::string after;  // keys strictly after this one
    bool inclusive = false;
    if (!q_.key_marker.empty() && q_.key_marker >= q_.prefix) {
      after = q_.key_marker;
      if (!q_.version_id_marker.empty() && q_.key_marker.starts_with(q_.prefix)) {
        // The rest of key_marker's versions, older than the marker's version.
        auto seq = marker_seq();
        if (!seq) return seq.error();
        if (*seq) {
          if (auto r = emit_key(q_.key_marker, **seq); !r) return r.error();
          if (done_) return std::move(page_);
        }
      }
    } else {
      after = q_.prefix;
      inclusive = true;
    }
    const std::optional<std::string> upper = prefix_successor(q_.prefix);
    while (!done_) {
      auto key = next_key(after, inclusive, upper);
      if (!key) return key.error();
      if (!*key) break;
      const std::string k = std::move(**key);
      inclusive = false;
      if (!q_.delimiter.empty()) {
        const std::size_t at = k.find(q_.delimiter, q_.prefix.size());
        if (at != std::string::npos) {
          std::string common = k.substr(0, at + q_.delimiter.size());
          // A common prefix not after the marker was returned by an earlier page.
          if (q_.key_marker.empty() || common > q_.key_marker) {
            if (!take()) break;
            page_.common_prefixes.push_back(common);
            page_.next_key_marker = common;
            page_.next_version_id_marker.clear();
          }
          auto past = prefix_successor(common);
          if (!past) break;
          after = *past;
          inclusive = true;
          continue;
        }
      }
      if (auto r = emit_key(k, std::nullopt); !r) return r.error();
      after = k;
    }
    return std::move(page_);
  }

 private:
  // Room for one more entry? When the page is full, the entry that did not fit makes it
  // truncated.
  bool take() {
    if (static_cast<int>(page_.versions.size() + page_.common_prefixes.size()) < q_.max_keys)
      return true;
    page_.truncated = true;
    done_ = true;
    return false;
  }

  // The seq in object_versions of the version-id-marker, as an upper bound for the key's rest:
  // the current row's versions are all older (bound = max + 1). nullopt when the marker names
  // no version of the key (then the key is skipped).
  core::Result<std::optional<std::optional<std::int64_t>>> marker_seq() {
    const std::string id = q_.version_id_marker == "null" ? "" : q_.version_id_marker;
    auto cur = c_.prepare(
        "SELECT 1 FROM objects WHERE bucket = ?1 AND key = ?2 AND"
        " version_id = ?3");
    if (!cur) return cur.error();
    (*cur)->bind_text(1, bucket_).bind_blob(2, q_.key_marker).bind_text(3, id);
    auto is_current = (*cur)->step();
    if (!is_current) return is_current.error();
    (*cur)->reset();
    if (*is_current) {
      // Every entry of object_versions is older than the current row.
      return std::optional<std::optional<std::int64_t>>(std::optional<std::int64_t>());
    }
    auto s = c_.prepare(
        "SELECT seq FROM object_versions WHERE bucket = ?1 AND key = ?2 AND"
        " version_id = ?3");
    if (!s) return s.error();
    (*s)->bind_text(1, bucket_).bind_blob(2, q_.key_marker).bind_text(3, id);
    auto row = (*s)->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::optional<std::int64_t>>();
    const std::int64_t seq = (*s)->integer(0);
    (*s)->reset();
    return std::optional<std::optional<std::int64_t>>(std::optional<std::int64_t>(seq));
  }

  // The next key of either table after `after` (or at it, when inclusive), below `upper`.
  core::Result<std::optional<std::string>> next_key(const std::string& after, bool inclusive,
                                                    const std::optional<std::string>& upper) {
    std::optional<std::string> best;
    for (const char* sql : {inclusive ? "SELECT key FROM objects WHERE bucket = ?1 AND key >= ?2"
                                        " ORDER BY key LIMIT 1"
                                      : "SELECT key FROM objects WHERE bucket = ?1 AND key > ?2"
                                        " ORDER BY key LIMIT 1",
                            inclusive ? "SELECT key FROM object_versions WHERE bucket = ?1 AND"
                                        " key >= ?2 ORDER BY key LIMIT 1"
                                      : "SELECT key FROM object_versions WHERE bucket = ?1 AND"
                                        " key > ?2 ORDER BY key LIMIT 1"}) {
      auto s = c_.prepare(sql);
      if (!s) return s.error();
      (*s)->bind_text(1, bucket_).bind_blob(2, after);
      auto row = (*s)->step();
      if (!row) return row.error();
      if (*row) {
        std::string key = (*s)->text(0);
        if (!best || key < *best) best = std::move(key);
      }
      (*s)->reset();
    }
    if (best && upper && *best >= *upper) return std::optional<std::string>();
    if (best && !best->starts_with(q_.prefix)) return std::optional<std::string>();
    return best;
  }

  // Emits `key`'s entries newest first: with `below` unset, the current row and every older
  // version; with `below` = nullopt inside (the marker was the current row), every entry of
  // object_versions; with a seq, the entries older than it.
  core::Result<void> emit_key(const std::string& key,
                              std::optional<std::optional<std::int64_t>> below) {
    bool latest_seen = false;
    if (!below) {
      auto s = c_.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                          " FROM objects WHERE bucket = ?1 AND key = ?2");
      if (!s) return s.error();
      (*s)->bind_text(1, bucket_).bind_blob(2, key);
      auto row = (*s)->step();
      if (!row) return row.error();
      if (*row) {
        latest_seen = true;
        if (!take()) {
          (*s)->reset();
          return {};
        }
        VersionEntry e{read_object_row(**s, bucket_, false).meta, true, std::nullopt};
        e.meta.version_id = (*s)->text(kObjectVersionIdColumn);
        push(std::move(e));
      }
      (*s)->reset();
    }
    const std::int64_t bound = below && *below ? **below : std::numeric_limits<std::int64_t>::max();
    const int room =
        q_.max_keys - static_cast<int>(page_.versions.size() + page_.common_prefixes.size()) + 1;
    auto s = c_.prepare("SELECT " S3SANDBOX_OBJECT_COLUMNS_WITH_TAGS
                        ", delete_marker, noncurrent_since, seq FROM object_versions WHERE"
                        " bucket = ?1 AND key = ?2 AND seq < ?3 ORDER BY seq DESC LIMIT ?4");
    if (!s) return s.error();
    (*s)->bind_text(1, bucket_).bind_blob(2, key).bind_int(3, bound).bind_int(4, room);
    while (true) {
      auto row = (*s)->step();
      if (!row) return row.error();
      if (!*row) break;
      if (!take()) break;
      VersionEntry e{read_object_row(**s, bucket_, false).meta, false, std::nullopt};
      e.meta.version_id = (*s)->text(kObjectVersionIdColumn);
      e.meta.delete_marker = (*s)->integer(kMarkerColumn) != 0;
      if ((*s)->is_null(kNoncurrentColumn)) {
        e.is_latest = !latest_seen;
      } else {
        e.noncurrent_since = from_millis((*s)->integer(kNoncurrentColumn));
      }
      (void)kSeqColumn;
      push(std::move(e));
    }
    (*s)->reset();
    return {};
  }

  void push(VersionEntry e) {
    page_.next_key_marker = e.meta.key;
    page_.next_version_id_marker = shown_version_id(e.meta.version_id);
    page_.versions.push_back(std::move(e));
  }

  db::Connection& c_;
  const std::string& bucket_;
  const VersionsQuery& q_;
  VersionsPage page_;
  bool done_ = false;
};

}  // namespace

core::Result<VersionsPage> SqliteBackend::list_object_versions(const std::string& bucket,
                                                               const VersionsQuery& query) {
  auto c = pool_.acquire();
  if (!c) return c.error();
  // One read transaction: the whole page comes from one snapshot.
  auto tx = db::ReadTransaction::begin(**c);
  if (!tx) return tx.error();
  auto exists = bucket_exists(**c, bucket);
  if (!exists) return exists.error();
  if (!*exists) return no_such_bucket();
  VersionWalk walk(**c, bucket, query);
  auto page = walk.run();
  if (!page) return page.error();
  if (!page->truncated) {
    page->next_key_marker.clear();
    page->next_version_id_marker.clear();
  }
  (*c)->settle();
  if (auto r = tx->commit(); !r) return r.error();
  return page;
}

}  // namespace s3sandbox::storage
