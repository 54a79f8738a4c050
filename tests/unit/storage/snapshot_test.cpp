// StateStore over SqliteBackend: snapshots (save, restore, list, delete), reset, and what a
// request in flight sees across them (state_store.hpp).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "s3sandbox/storage/state_store.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

class SnapshotTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }
  StateStore& state() {
    auto* s = dynamic_cast<StateStore*>(backend_.get());
    EXPECT_NE(s, nullptr);
    return *s;
  }
  void save(const std::string& name) {
    auto r = state().save_snapshot(name);
    ASSERT_TRUE(r) << r.error().diagnosis;
  }
  void restore(const std::string& name) {
    auto r = state().restore_snapshot(name);
    ASSERT_TRUE(r) << r.error().diagnosis;
  }
  // A body staged (received) but not committed yet: an upload in flight.
  std::unique_ptr<StagedWrite> in_flight(const std::string& bucket, std::string_view body) {
    auto staged = backend_->stage(bucket);
    EXPECT_TRUE(staged);
    if (!staged) return nullptr;
    EXPECT_TRUE((*staged)->write(std::span<const char>(body.data(), body.size())));
    return std::move(*staged);
  }
  core::Result<ObjectMeta> finish(std::unique_ptr<StagedWrite> staged, const std::string& bucket,
                                  const std::string& key, std::string_view body) {
    ObjectMeta meta;
    meta.bucket = bucket;
    meta.key = key;
    meta.etag = md5_hex(body);
    return backend_->commit_object(std::move(staged), meta, {});
  }
  std::vector<std::string> keys(const std::string& bucket) {
    auto page = backend_->list_objects(bucket, query("", "", "", 1000));
    std::vector<std::string> out;
    if (!page) return {"<" + std::string(page.error().info().code) + ">"};
    for (const auto& o : page->objects) out.push_back(o.key);
    return out;
  }
};

TEST_F(SnapshotTest, RestoreBringsBackObjectsMetadataTagsAndBuckets) {
  ObjectMeta meta;
  meta.content.content_type = "text/plain";
  meta.tags = {{"color", "red"}};
  ASSERT_TRUE(put("b", "a", "alpha", {}, meta));
  ASSERT_TRUE(put("b", "z", "zulu"));
  save("s1");

  ASSERT_TRUE(put("b", "a", "changed"));
  ASSERT_TRUE(backend_->delete_object("b", "z"));
  ASSERT_TRUE(put("b", "new", "new"));
  make_bucket("other");
  restore("s1");

  EXPECT_EQ(keys("b"), (std::vector<std::string>{"a", "z"}));
  EXPECT_EQ(read("b", "a"), "alpha");
  EXPECT_EQ(read("b", "z"), "zulu");
  auto head = backend_->head_object("b", "a");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->content.content_type, "text/plain");
  EXPECT_EQ(head->tags, meta.tags);
  EXPECT_EQ(backend_->get_bucket("other").error().code, core::ErrorCode::kNoSuchBucket);
  // Only the snapshot's two bodies are left in data/.
  EXPECT_EQ(data_files().size(), 2u);
}

TEST_F(SnapshotTest, RestoreInvalidatesTheRowCache) {
  ASSERT_TRUE(put("b", "k", "old"));
  save("s");
  ASSERT_TRUE(put("b", "k", "new"));
  EXPECT_EQ(read("b", "k"), "new");  // cached now
  EXPECT_EQ(read("b", "k"), "new");
  restore("s");
  EXPECT_EQ(read("b", "k"), "old");
  EXPECT_EQ(backend_->head_object("b", "k")->etag, md5_hex("old"));
}

TEST_F(SnapshotTest, AnOpenReaderKeepsItsBytesAcrossARestore) {
  save("empty");
  ASSERT_TRUE(put("b", "k", "streamed body"));
  auto reader = backend_->open_object("b", "k");
  ASSERT_TRUE(reader);
  restore("empty");
  EXPECT_EQ(read("b", "k"), "<NoSuchKey>");
  EXPECT_EQ(read_body(*reader), "streamed body");  // its file is unlinked, still readable
  EXPECT_TRUE(data_files().empty());
}

TEST_F(SnapshotTest, AWriteStagedBeforeARestoreCommitsIntoTheRestoredState) {
  ASSERT_TRUE(put("b", "kept", "k"));
  save("s");
  auto staged = in_flight("b", "late");
  restore("s");
  ASSERT_TRUE(finish(std::move(staged), "b", "late", "late"));
  EXPECT_EQ(keys("b"), (std::vector<std::string>{"kept", "late"}));
  EXPECT_EQ(read("b", "late"), "late");
}

TEST_F(SnapshotTest, AWriteToABucketTheRestoredStateLacksFailsCleanly) {
  save("without-c");
  make_bucket("c");
  auto staged = in_flight("c", "x");
  restore("without-c");
  auto r = finish(std::move(staged), "c", "k", "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNoSuchBucket);
  EXPECT_TRUE(data_files().empty());  // the staged body went with the failed commit
}

TEST_F(SnapshotTest, UploadsAreSavedWithTheirParts) {
  MultipartUpload u;
  u.bucket = "b";
  u.key = "mp";
  auto created = backend_->create_upload(u);
  ASSERT_TRUE(created);
  save("s");
  ASSERT_TRUE(backend_->abort_upload("b", "mp", created->upload_id));
  restore("s");
  EXPECT_TRUE(backend_->get_upload("b", "mp", created->upload_id));
}

TEST_F(SnapshotTest, SnapshotBodiesSurviveOverwritesAndTheStartUpSweep) {
  ASSERT_TRUE(put("b", "k", "saved"));
  save("s");
  ASSERT_TRUE(put("b", "k", "overwritten"));
  ASSERT_TRUE(backend_->delete_object("b", "k"));
  EXPECT_EQ(data_files().size(), 1u);  // the saved body, named by the snapshot only
  reopen();
  EXPECT_EQ(data_files().size(), 1u);
  restore("s");
  EXPECT_EQ(read("b", "k"), "saved");
}

TEST_F(SnapshotTest, DeletingASnapshotReleasesOnlyWhatNothingElseNames) {
  ASSERT_TRUE(put("b", "live", "live"));
  ASSERT_TRUE(put("b", "gone", "gone"));
  save("s1");
  save("s2");
  ASSERT_TRUE(backend_->delete_object("b", "gone"));
  ASSERT_TRUE(state().delete_snapshot("s1"));
  EXPECT_EQ(data_files().size(), 2u);  // "gone" is still s2's
  ASSERT_TRUE(state().delete_snapshot("s2"));
  EXPECT_EQ(data_files().size(), 1u);  // "live" is the live state's
  EXPECT_EQ(read("b", "live"), "live");
  auto again = state().delete_snapshot("s2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kNoSuchKey);
}

TEST_F(SnapshotTest, SavingUnderAnExistingNameReplacesIt) {
  ASSERT_TRUE(put("b", "k", "one"));
  save("s");
  ASSERT_TRUE(put("b", "k", "two"));
  save("s");
  EXPECT_EQ(data_files().size(), 1u);  // "one" is named by nothing any more
  ASSERT_TRUE(put("b", "k", "three"));
  restore("s");
  EXPECT_EQ(read("b", "k"), "two");
  auto listed = state().list_snapshots();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "s");
  EXPECT_EQ((*listed)[0].objects, 1u);
  EXPECT_EQ((*listed)[0].bytes, 3u);
  EXPECT_EQ((*listed)[0].created, fixed_time());
}

TEST_F(SnapshotTest, InlineBodiesAreSavedWithTheIndex) {
  inline_limit_ = 1024;
  reopen();
  ASSERT_TRUE(put("b", "small", "inline"));
  EXPECT_TRUE(data_files().empty());
  save("s");
  ASSERT_TRUE(backend_->delete_object("b", "small"));
  restore("s");
  EXPECT_EQ(read("b", "small"), "inline");
}

TEST_F(SnapshotTest, NamesThatCouldFormAPathAreRefused) {
  for (const char* name : {"", ".", "..", "../x", "a/b", ".hidden", "-x", "a b"}) {
    auto r = state().save_snapshot(name);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << name;
  }
  EXPECT_TRUE(is_valid_snapshot_name("before-test_1.v2"));
  EXPECT_FALSE(is_valid_snapshot_name(std::string(65, 'a')));
  EXPECT_EQ(state().restore_snapshot("missing").error().code, core::ErrorCode::kNoSuchKey);
}

TEST_F(SnapshotTest, ResetOneBucketEmptiesItAndKeepsIt) {
  make_bucket("c");
  ASSERT_TRUE(put("b", "k", "b's"));
  ASSERT_TRUE(put("c", "k", "c's"));
  MultipartUpload u;
  u.bucket = "b";
  u.key = "mp";
  ASSERT_TRUE(backend_->create_upload(u));
  ASSERT_TRUE(state().reset("b"));
  EXPECT_TRUE(keys("b").empty());
  EXPECT_TRUE(backend_->get_bucket("b"));
  EXPECT_TRUE(backend_->list_uploads("b", {})->uploads.empty());
  EXPECT_EQ(read("c", "k"), "c's");
  EXPECT_EQ(data_files().size(), 1u);
  EXPECT_EQ(state().reset("missing").error().code, core::ErrorCode::kNoSuchBucket);
}

TEST_F(SnapshotTest, ResetEverythingLeavesAFreshState) {
  ASSERT_TRUE(put("b", "k", "x"));
  ASSERT_TRUE(backend_->put_bucket_cors("b", {CorsRule{}}));
  save("s");
  ASSERT_TRUE(state().reset(""));
  EXPECT_TRUE(backend_->list_buckets()->empty());
  EXPECT_EQ(data_files().size(), 1u);  // the snapshot's
  restore("s");
  EXPECT_EQ(read("b", "k"), "x");
  EXPECT_TRUE(backend_->get_bucket_cors("b").value().has_value());
}

// Writers and readers run while the state is saved and restored over and over: every read sees
// a whole object (its ETag is its body's), every write either commits or fails cleanly, and the
// data dir ends with exactly the files the live state and the snapshot name.
TEST_F(SnapshotTest, RestoresUnderConcurrentReadsAndWritesStayConsistent) {
  for (int k = 0; k < 8; ++k) ASSERT_TRUE(put("b", "k" + std::to_string(k), "seed"));
  save("s");
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000 && !stop.load(); ++i) {
        const std::string key = "k" + std::to_string((i + t) % 8);
        if (t == 0) {
          if (!put("b", key, "body " + std::to_string(i))) failed.fetch_add(1);
        } else if (auto r = backend_->open_object("b", key)) {
          if (r->meta.etag != md5_hex(read_body(*r))) torn.fetch_add(1);
        } else if (r.error().code != core::ErrorCode::kNoSuchKey) {
          failed.fetch_add(1);
        }
      }
    });
  }
  for (int round = 0; round < 20; ++round) {
    if (round % 5 == 0) save("s");
    restore("s");
  }
  stop = true;
  for (auto& th : threads) th.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  ASSERT_TRUE(state().delete_snapshot("s"));
  EXPECT_EQ(data_files().size(), 8u);  // the live objects' files, nothing left over
}

}  // namespace
}  // namespace s3sandbox::storage::testing
