// Versioning in storage: Enabled stacks versions and delete markers, Suspended keeps one null
// version, permanent deletes promote the next version, list_object_versions pages in S3's
// order, and noncurrent versions survive restarts (the sweep), snapshots, resets and bucket
// deletion rules; a version 7 data dir migrates in place.
#include <sqlite3.h>

#include "s3sandbox/storage/state_store.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using core::ErrorCode;

class VersioningTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  void enable() { ASSERT_TRUE(backend_->put_bucket_versioning("b", VersioningStatus::kEnabled)); }
  void suspend() {
    ASSERT_TRUE(backend_->put_bucket_versioning("b", VersioningStatus::kSuspended));
  }

  std::string put_version(const std::string& key, std::string_view body) {
    auto m = put("b", key, body);
    EXPECT_TRUE(m) << (m ? "" : m.error().info().code);
    return m ? m->version_id : "<error>";
  }

  std::string read_version(const std::string& key, const std::string& id) {
    auto r = backend_->open_object_version("b", key, id);
    if (!r) return "<" + std::string(r.error().info().code) + ">";
    if (r->meta.delete_marker) return "<marker>";
    return read_body(*r);
  }

  // "key:id[:M][:L]" per entry, plus "CP:prefix" for common prefixes.
  std::vector<std::string> listing(const VersionsQuery& q, VersionsPage* out = nullptr) {
    auto page = backend_->list_object_versions("b", q);
    EXPECT_TRUE(page);
    std::vector<std::string> lines;
    if (!page) return lines;
    for (const auto& v : page->versions) {
      std::string line = v.meta.key + ":" + shown_version_id(v.meta.version_id);
      if (v.meta.delete_marker) line += ":M";
      if (v.is_latest) line += ":L";
      lines.push_back(line);
    }
    for (const auto& p : page->common_prefixes) lines.push_back("CP:" + p);
    if (out) *out = *page;
    return lines;
  }

  void exec(const char* sql) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data_dir() / "meta.db").c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK)
        << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }
};

TEST_F(VersioningTest, AnUnversionedBucketKeepsNoVersions) {
  auto status = backend_->get_bucket_versioning("b");
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, VersioningStatus::kUnversioned);
  EXPECT_EQ(put_version("k", "one"), "");
  EXPECT_EQ(put_version("k", "two"), "");
  EXPECT_EQ(data_files().size(), 1u);
  auto deleted = backend_->delete_object_versioned("b", "k");
  ASSERT_TRUE(deleted);
  EXPECT_FALSE(deleted->version_id);
  EXPECT_FALSE(deleted->delete_marker);
  EXPECT_TRUE(data_files().empty());
  EXPECT_TRUE(listing({}).empty());
}

TEST_F(VersioningTest, EnabledStacksVersionsAndEveryOneIsReadable) {
  ASSERT_TRUE(put("b", "k", "before"));  // the null version, from before versioning
  enable();
  const std::string v1 = put_version("k", "one");
  const std::string v2 = put_version("k", "two");
  EXPECT_EQ(v1.size(), 32u);
  EXPECT_NE(v1, v2);
  EXPECT_EQ(read("b", "k"), "two");
  EXPECT_EQ(read_version("k", v1), "one");
  EXPECT_EQ(read_version("k", v2), "two");
  EXPECT_EQ(read_version("k", "null"), "before");
  auto head = backend_->head_object("b", "k");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->version_id, v2);
  EXPECT_EQ(listing({}), (std::vector<std::string>{"k:" + v2 + ":L", "k:" + v1, "k:null"}));
  auto missing = backend_->head_object_version("b", "k", "0123456789abcdef0123456789abcdef");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNoSuchVersion);
  EXPECT_EQ(data_files().size(), 3u);
}

TEST_F(VersioningTest, ADeleteMarkerHidesTheKeyAndDeletingItRestoresTheVersion) {
  enable();
  const std::string v1 = put_version("k", "one");
  auto deleted = backend_->delete_object_versioned("b", "k");
  ASSERT_TRUE(deleted);
  ASSERT_TRUE(deleted->version_id);
  EXPECT_TRUE(deleted->delete_marker);
  const std::string marker = *deleted->version_id;

  auto head = backend_->head_object("b", "k");
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().code, ErrorCode::kNoSuchKey);
  EXPECT_EQ(head.error().headers,
            (std::vector<std::pair<std::string, std::string>>{{"x-amz-delete-marker", "true"},
                                                              {"x-amz-version-id", marker}}));
  auto page = backend_->list_objects("b", ListQuery{});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->objects.empty());
  EXPECT_EQ(read_version("k", marker), "<marker>");
  EXPECT_EQ(listing({}), (std::vector<std::string>{"k:" + marker + ":M:L", "k:" + v1}));
  VersionsPage full;
  listing({}, &full);
  ASSERT_EQ(full.versions.size(), 2u);
  EXPECT_FALSE(full.versions[0].noncurrent_since);
  ASSERT_TRUE(full.versions[1].noncurrent_since);

  auto removed = backend_->delete_object_version("b", "k", marker);
  ASSERT_TRUE(removed);
  EXPECT_TRUE(removed->delete_marker);
  EXPECT_EQ(read("b", "k"), "one");
  EXPECT_EQ(listing({}), (std::vector<std::string>{"k:" + v1 + ":L"}));
}

TEST_F(VersioningTest, PermanentlyDeletingTheCurrentVersionPromotesThePrevious) {
  enable();
  const std::string v1 = put_version("k", "one");
  const std::string v2 = put_version("k", "two");
  auto removed = backend_->delete_object_version("b", "k", v2);
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->version_id, v2);
  EXPECT_FALSE(removed->delete_marker);
  EXPECT_EQ(read("b", "k"), "one");
  EXPECT_EQ(data_files().size(), 1u);
  auto none = backend_->delete_object_version("b", "k", v2);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->version_id);
  ASSERT_TRUE(backend_->delete_object_version("b", "k", v1));
  EXPECT_EQ(read("b", "k"), "<NoSuchKey>");
  EXPECT_TRUE(data_files().empty());
  EXPECT_TRUE(listing({}).empty());
}

TEST_F(VersioningTest, SuspendedReplacesTheNullVersionAndKeepsTheOthers) {
  enable();
  const std::string v1 = put_version("k", "one");
  suspend();
  EXPECT_EQ(put_version("k", "null-a"), "");
  EXPECT_EQ(put_version("k", "null-b"), "");  // replaces null-a
  EXPECT_EQ(read("b", "k"), "null-b");
  EXPECT_EQ(read_version("k", v1), "one");
  EXPECT_EQ(listing({}), (std::vector<std::string>{"k:null:L", "k:" + v1}));
  EXPECT_EQ(data_files().size(), 2u);
  // A delete makes the null version a delete marker.
  auto deleted = backend_->delete_object_versioned("b", "k");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->version_id, std::optional<std::string>(""));
  EXPECT_TRUE(deleted->delete_marker);
  EXPECT_EQ(listing({}), (std::vector<std::string>{"k:null:M:L", "k:" + v1}));
  EXPECT_EQ(data_files().size(), 1u);
  // Enabled again: a new version stacks on the marker.
  enable();
  const std::string v3 = put_version("k", "three");
  EXPECT_EQ(listing({}), (std::vector<std::string>{"k:" + v3 + ":L", "k:null:M", "k:" + v1}));
}

TEST_F(VersioningTest, ListingPagesWithKeyAndVersionMarkers) {
  enable();
  std::vector<std::string> a, c;
  for (int i = 0; i < 3; ++i) a.push_back(put_version("a", "a" + std::to_string(i)));
  const std::string b = put_version("b", "b");
  for (int i = 0; i < 2; ++i) c.push_back(put_version("c", "c" + std::to_string(i)));
  std::vector<std::string> all;
  VersionsQuery q;
  q.max_keys = 2;
  for (int pages = 0; pages < 10; ++pages) {
    VersionsPage page;
    auto lines = listing(q, &page);
    all.insert(all.end(), lines.begin(), lines.end());
    if (!page.truncated) break;
    EXPECT_EQ(lines.size(), 2u);
    q.key_marker = page.next_key_marker;
    q.version_id_marker = page.next_version_id_marker;
  }
  EXPECT_EQ(all, (std::vector<std::string>{"a:" + a[2] + ":L", "a:" + a[1], "a:" + a[0],
                                           "b:" + b + ":L", "c:" + c[1] + ":L", "c:" + c[0]}));
  // A key marker alone starts after the key.
  VersionsQuery after_a;
  after_a.key_marker = "a";
  EXPECT_EQ(listing(after_a).size(), 3u);
}

TEST_F(VersioningTest, ListingRollsUpCommonPrefixes) {
  enable();
  put_version("dir/x", "1");
  put_version("dir/x", "2");
  put_version("dir/y", "3");
  const std::string top = put_version("top", "4");
  VersionsQuery q;
  q.delimiter = "/";
  EXPECT_EQ(listing(q), (std::vector<std::string>{"top:" + top + ":L", "CP:dir/"}));
  q.prefix = "dir/";
  EXPECT_EQ(listing(q).size(), 3u);
  q.prefix = "dir/y";
  EXPECT_EQ(listing(q).size(), 1u);
  q.prefix = "";
  q.max_keys = 1;
  VersionsPage page;
  EXPECT_EQ(listing(q, &page), (std::vector<std::string>{"CP:dir/"}));
  EXPECT_TRUE(page.truncated);
  q.key_marker = page.next_key_marker;
  EXPECT_EQ(listing(q), (std::vector<std::string>{"top:" + top + ":L"}));
}

TEST_F(VersioningTest, NoncurrentVersionsSurviveARestartAndItsSweep) {
  fsync_ = true;
  reopen();
  enable();
  const std::string v1 = put_version("k", "one");
  put_version("k", "two");
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  reopen();
  EXPECT_EQ(data_files().size(), 2u);
  EXPECT_EQ(read_version("k", v1), "one");
}

TEST_F(VersioningTest, SmallBodiesInTheIndexKeepEveryVersion) {
  inline_limit_ = 1024;
  reopen();
  enable();
  const std::string v1 = put_version("k", "one");
  const std::string v2 = put_version("k", "two");  // must not rewrite one's body row
  EXPECT_EQ(read_version("k", v1), "one");
  EXPECT_EQ(read_version("k", v2), "two");
  ASSERT_TRUE(backend_->delete_object_version("b", "k", v2));
  EXPECT_EQ(read("b", "k"), "one");
}

TEST_F(VersioningTest, ABucketWithOnlyDeleteMarkersIsNotEmpty) {
  enable();
  auto deleted = backend_->delete_object_versioned("b", "never-written");
  ASSERT_TRUE(deleted);
  auto r = backend_->delete_bucket("b");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBucketNotEmpty);
  ASSERT_TRUE(backend_->delete_object_version("b", "never-written", *deleted->version_id));
  EXPECT_TRUE(backend_->delete_bucket("b"));
}

TEST_F(VersioningTest, SnapshotsAndResetsKnowNoncurrentVersions) {
  auto* store = dynamic_cast<StateStore*>(backend_.get());
  ASSERT_NE(store, nullptr);
  enable();
  const std::string v1 = put_version("k", "one");
  const std::string v2 = put_version("k", "two");
  ASSERT_TRUE(store->save_snapshot("s"));
  ASSERT_TRUE(backend_->delete_object_version("b", "k", v1));
  ASSERT_TRUE(backend_->delete_object_version("b", "k", v2));
  reopen();  // the sweep must keep the files the snapshot names
  store = dynamic_cast<StateStore*>(backend_.get());
  ASSERT_TRUE(store->restore_snapshot("s"));
  EXPECT_EQ(read_version("k", v1), "one");
  EXPECT_EQ(read_version("k", v2), "two");
  ASSERT_TRUE(store->delete_snapshot("s"));
  ASSERT_TRUE(store->reset("b"));
  EXPECT_TRUE(listing({}).empty());
  EXPECT_TRUE(data_files().empty());
}

TEST_F(VersioningTest, VersionTagsAreTheirOwn) {
  enable();
  const std::string v1 = put_version("k", "one");
  const std::string v2 = put_version("k", "two");
  ASSERT_TRUE(backend_->put_object_version_tags("b", "k", v1, {{"a", "1"}}));
  auto old = backend_->head_object_version("b", "k", v1);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->tags, (std::vector<std::pair<std::string, std::string>>{{"a", "1"}}));
  auto current = backend_->head_object("b", "k");
  ASSERT_TRUE(current);
  EXPECT_TRUE(current->tags.empty());
  auto marker = backend_->delete_object_versioned("b", "k");
  ASSERT_TRUE(marker);
  auto refused = backend_->put_object_version_tags("b", "k", *marker->version_id, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kMethodNotAllowed);
  (void)v2;
}

TEST_F(VersioningTest, AVersionSevenDataDirMigratesInPlace) {
  ASSERT_TRUE(put("b", "old", "a file of version 7"));
  backend_.reset();
  exec(
      "DROP INDEX object_versions_by_id; DROP TABLE object_versions;"
      " ALTER TABLE objects DROP COLUMN version_id; PRAGMA user_version = 7;");
  open();
  EXPECT_EQ(read("b", "old"), "a file of version 7");
  enable();
  const std::string v1 = put_version("old", "new");
  EXPECT_EQ(read_version("old", "null"), "a file of version 7");
  EXPECT_EQ(read_version("old", v1), "new");
  reopen();
  EXPECT_EQ(listing({}), (std::vector<std::string>{"old:" + v1 + ":L", "old:null"}));
}

}  // namespace
}  // namespace s3sandbox::storage::testing
