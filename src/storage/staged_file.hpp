// FileStagedWrite: the SqliteBackend's StagedWrite. Bytes go through a fixed 64 KiB buffer into
// staging/<id>, hashed with MD5 on the way (the ETag). The backend's commit calls finish(), renames
// the file into data/ and disown()s it; otherwise the destructor unlinks the staged file, so an
// abandoned upload leaves nothing behind.
// Thread safety: one thread at a time (a request's body is written by one connection).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layout.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/crypto/digest.hpp"
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
  std::string md5_hex() override;

  // Flushes the buffer, fsyncs (if asked) and closes. The file stays at path().
  core::Result<void> finish(bool fsync);
  const std::filesystem::path& path() const { return path_; }
  const void* owner() const { return owner_; }
  // The file has been renamed away: the destructor must not unlink anything.
  void disown() { owned_ = false; }

 private:
  FileStagedWrite(std::filesystem::path path, core::UniqueFd fd, const void* owner);
  core::Result<void> flush();

  static constexpr std::size_t kBufferSize = 64 * 1024;
  std::filesystem::path path_;
  core::UniqueFd fd_;
  const void* owner_;
  crypto::Digest md5_{crypto::DigestKind::kMd5};
  std::optional<std::string> md5_hex_;
  std::vector<char> buffer_;
  std::size_t used_ = 0;
  std::uint64_t size_ = 0;
  bool failed_ = false;
  bool owned_ = true;
};

}  // namespace s3sandbox::storage
