// FileStagedWrite: the SqliteBackend's StagedWrite. Bytes go through a fixed 64 KiB buffer into
// a new file at its final place, data/<ab>/<id>, created when the buffer first fills (a body
// that fits the buffer may never need a file: finish() can keep it in memory for the index). It
// never hashes: the caller hashes what it writes (Backend's contract). Nothing names the file
// until the backend's commit puts its row in the index (and disown()s it); until
// then it is invisible to readers, the destructor unlinks it when the upload is abandoned, and
// the start-up sweep removes it after a crash (an unreferenced data file). Writing in place
// instead of in staging/ + rename saves a rename per upload and spreads file creation over the
// 256 fan-out dirs: with one staging dir, ext4's inode allocation and that dir's lock were a
// third of a small PUT (perf, bench/RESULTS.md).
// Thread safety: one thread at a time (a request's body is written by one connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "layout.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::storage {

class FileStagedWrite final : public StagedWrite {
 public:
  // `owner` identifies the backend that created it (commit refuses a foreign staged write).
  static core::Result<std::unique_ptr<FileStagedWrite>> create(const Layout& layout,
                                                               const void* owner);
  ~FileStagedWrite() override;

  core::Result<void> write(std::span<const char> bytes) override;
  std::uint64_t size() const override { return size_; }

  // Flushes the buffer, fsyncs (if asked) and closes. The file stays at path(). A body of at
  // most keep_in_memory bytes that has not needed a file yet stays in memory instead:
  // in_memory() is then true and bytes() holds it (no file was ever created).
  core::Result<void> finish(bool fsync, std::size_t keep_in_memory = 0);
  bool in_memory() const { return finished_ && !file_created_; }
  std::string_view bytes() const { return {buffer_.data(), used_}; }
  const std::filesystem::path& path() const { return path_; }
  // The data file name the index will hold, "ab/<id>".
  const std::string& name() const { return name_; }
  // True when create() made the fan-out dir: data/ must be fsynced for the dir to be durable.
  bool created_dir() const { return created_dir_; }
  const void* owner() const { return owner_; }
  // The file has been renamed away: the destructor must not unlink anything.
  void disown() { owned_ = false; }

 private:
  FileStagedWrite(std::filesystem::path path, std::string name, const void* owner);
  core::Result<void> create_file();
  core::Result<void> flush();

  static constexpr std::size_t kBufferSize = 64 * 1024;
  std::filesystem::path path_;
  std::string name_;
  bool created_dir_ = false;
  bool file_created_ = false;
  bool finished_ = false;
  core::UniqueFd fd_;
  const void* owner_;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::uint64_t size_ = 0;
  bool failed_ = false;
  bool owned_ = true;
};

}  // namespace s3sandbox::storage
