// Start-up sweep: leftovers of interrupted uploads and commits are removed, live data is kept.
#include <fstream>

#include "storage/layout.hpp"
#include "storage_test_support.hpp"

namespace s3sandbox::storage::testing {
namespace {

using RecoveryTest = StorageTest;

void write_file(const std::filesystem::path& p, std::string_view content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

TEST_F(RecoveryTest, LeftoverStagingFilesAreRemovedAtOpen) {
  backend_.reset();
  write_file(data_dir() / "staging" / "0123456789abcdef0123456789abcdef", "half an upload");
  open();
  EXPECT_TRUE(staging_files().empty());
}

TEST_F(RecoveryTest, OrphanDataFilesAreRemovedAtOpenAndReferencedOnesKept) {
  make_bucket("b");
  ASSERT_TRUE(put("b", "kept", "live bytes"));
  auto live = data_files();
  ASSERT_EQ(live.size(), 1u);
  backend_.reset();
  // A crash between the rename into data/ and the index transaction leaves such a file.
  write_file(data_dir() / "data" / "ff" / "ffeeddccbbaa99887766554433221100", "orphan");
  write_file(data_dir() / "data" / live[0].substr(0, 2) / "00000000000000000000000000000000",
             "orphan in a used fan-out dir");
  open();
  EXPECT_EQ(data_files(), live);
  EXPECT_EQ(read("b", "kept"), "live bytes");
}

// An upload is written in place in data/; a crash before its commit leaves it there, unnamed.
TEST_F(RecoveryTest, AnUploadInterruptedBeforeItsCommitIsRemovedAtOpen) {
  make_bucket("b");
  ASSERT_TRUE(put("b", "kept", "live bytes"));
  const auto live = data_files();
  auto staged = backend_->stage("b");
  ASSERT_TRUE(staged);
  const std::string half(100 * 1024, 'h');  // past the write buffer: its file exists
  ASSERT_TRUE((*staged)->write(std::span<const char>(half.data(), half.size())));
  ASSERT_EQ(data_files().size(), 2u);
  // The crash: the backend reopens while the staged write still exists (its destructor, which
  // would unlink the file, has not run), as after a kill -9.
  backend_.reset();
  open();
  EXPECT_EQ(data_files(), live);
  EXPECT_EQ(read("b", "kept"), "live bytes");
}

TEST(ReferencedFilesTest, FindsCompactAndOtherNamesAndNothingElse) {
  ReferencedFiles set;
  set.add("ab/abcdef0123456789abcdef0123456789");
  set.add("00/00000000000000000000000000000001");
  set.add("fixtures/odd-name");  // any other shape is kept as a string
  set.seal();
  EXPECT_TRUE(set.contains("ab/abcdef0123456789abcdef0123456789"));
  EXPECT_TRUE(set.contains("00/00000000000000000000000000000001"));
  EXPECT_TRUE(set.contains("fixtures/odd-name"));
  EXPECT_FALSE(set.contains("ab/abcdef0123456789abcdef0123456788"));
  EXPECT_FALSE(set.contains("cd/abcdef0123456789abcdef0123456789"));  // fan-out must match
  EXPECT_FALSE(set.contains("fixtures/other"));
}

TEST_F(RecoveryTest, OpenKeepsASpaceReserveForDeletesOnAFullVolume) {
  auto reserve = data_dir() / "reserve";
  ASSERT_TRUE(std::filesystem::exists(reserve));
  EXPECT_EQ(std::filesystem::file_size(reserve), kReserveFileSize);
  backend_.reset();
  std::filesystem::resize_file(reserve, 0);  // spent by a delete on a full volume
  open();
  EXPECT_EQ(std::filesystem::file_size(reserve), kReserveFileSize) << "restored when there is room";
}

}  // namespace
}  // namespace s3sandbox::storage::testing
