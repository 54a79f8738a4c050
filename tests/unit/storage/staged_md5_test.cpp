// StagedWrite's MD5: computed while writing, or supplied by a caller that hashes the bytes
// itself (md5_from_caller / set_md5_hex), in which case the ETag stored is the caller's.
#include <string>

#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

constexpr const char* kHelloMd5 = "5eb63bbbe01eeed093cb22bb8f5acdc3";  // "hello world"

class StagedMd5Test : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    make_bucket("b");
  }

  std::unique_ptr<StagedWrite> stage() {
    auto staged = backend_->stage("b");
    EXPECT_TRUE(staged);
    return staged ? std::move(*staged) : nullptr;
  }

  static void write(StagedWrite& w, std::string_view s) {
    ASSERT_TRUE(w.write(std::span<const char>(s.data(), s.size())));
  }
};

TEST_F(StagedMd5Test, WriteHashesByDefault) {
  auto w = stage();
  write(*w, "hello world");
  EXPECT_EQ(w->md5_hex(), kHelloMd5);
}

TEST_F(StagedMd5Test, CallerMd5IsWhatMd5HexAndCommitReturn) {
  auto w = stage();
  w->md5_from_caller();
  write(*w, "hello world");
  w->set_md5_hex("0123456789abcdef0123456789abcdef");
  EXPECT_EQ(w->md5_hex(), "0123456789abcdef0123456789abcdef");
  ObjectMeta meta;
  meta.bucket = "b";
  meta.key = "k";
  auto committed = backend_->commit_object(std::move(w), meta, {});
  ASSERT_TRUE(committed);
  EXPECT_EQ(committed->etag, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(read("b", "k"), "hello world");
}

TEST_F(StagedMd5Test, CallerModeAskedAfterAWriteKeepsHashing) {
  auto w = stage();
  write(*w, "hello ");
  w->md5_from_caller();
  write(*w, "world");
  w->set_md5_hex("0123456789abcdef0123456789abcdef");
  EXPECT_EQ(w->md5_hex(), kHelloMd5);
}

TEST_F(StagedMd5Test, WriteAfterCallerMd5IsRefused) {
  auto w = stage();
  w->md5_from_caller();
  write(*w, "hello world");
  w->set_md5_hex(kHelloMd5);
  std::string_view more = "more";
  auto r = w->write(std::span<const char>(more.data(), more.size()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternalError);
}

}  // namespace
}  // namespace s3sandbox::storage::testing
