#include "staged_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "s3sandbox/core/ids.hpp"

namespace s3sandbox::storage {

core::Result<std::unique_ptr<FileStagedWrite>> FileStagedWrite::create(const Layout& layout,
                                                                       const void* owner) {
  std::string name = new_data_name();
  std::filesystem::path path = layout.data_file(name);
  return std::unique_ptr<FileStagedWrite>(
      new FileStagedWrite(std::move(path), std::move(name), owner));
}

FileStagedWrite::FileStagedWrite(std::filesystem::path path, std::string name, const void* owner)
    : path_(std::move(path)), name_(std::move(name)), owner_(owner), buffer_(kBufferSize) {}

core::Result<void> FileStagedWrite::create_file() {
  constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
  fd_ = core::UniqueFd(::open(path_.c_str(), kFlags, 0644));
  if (!fd_ && errno == ENOENT) {  // the first file of this fan-out dir
    const std::filesystem::path dir = path_.parent_path();
    if (::mkdir(dir.c_str(), 0755) == 0) {
      created_dir_ = true;
    } else if (errno != EEXIST) {
      return io_failure("creating directory", dir, errno);
    }
    fd_ = core::UniqueFd(::open(path_.c_str(), kFlags, 0644));
  }
  if (!fd_) return io_failure("creating staged file", path_, errno);
  file_created_ = true;
  return {};
}

FileStagedWrite::~FileStagedWrite() {
  fd_.reset();
  if (owned_ && file_created_) unlink_quietly(path_);
}

core::Result<void> FileStagedWrite::write(std::span<const char> bytes) {
  if (failed_ || finished_) {
    // A failed write was already reported; writing after finish() is a caller bug.
    return core::S3Error(core::ErrorCode::kInternalError);
  }
  size_ += bytes.size();
  while (!bytes.empty()) {
    if (used_ == 0 && bytes.size() >= buffer_.size()) {
      // Large pieces skip the copy.
      auto r = file_created_ ? core::Result<void>() : create_file();
      if (r) r = ensure_room(fd_.get(), bytes.size(), path_);
      if (r) r = write_all(fd_.get(), bytes, path_);
      if (!r) {
        failed_ = true;
        return r;
      }
      return {};
    }
    std::size_t n = std::min(bytes.size(), buffer_.size() - used_);
    std::memcpy(buffer_.data() + used_, bytes.data(), n);
    used_ += n;
    bytes = bytes.subspan(n);
    if (used_ == buffer_.size()) {
      if (auto r = flush(); !r) return r;
    }
  }
  return {};
}

core::Result<void> FileStagedWrite::flush() {
  if (used_ == 0) return {};
  auto r = file_created_ ? core::Result<void>() : create_file();
  if (r) r = ensure_room(fd_.get(), used_, path_);
  if (r) r = write_all(fd_.get(), std::span<const char>(buffer_.data(), used_), path_);
  used_ = 0;
  if (!r) failed_ = true;
  return r;
}

core::Result<void> FileStagedWrite::finish(bool fsync, std::size_t keep_in_memory) {
  if (failed_ || finished_) return core::S3Error(core::ErrorCode::kInternalError);
  if (!file_created_ && size_ <= keep_in_memory) {
    finished_ = true;  // the bytes stay in buffer_
    return {};
  }
  // An empty body that may not stay in memory still gets its (empty) file.
  if (!file_created_) {
    if (auto r = create_file(); !r) {
      failed_ = true;
      return r;
    }
  }
  if (auto r = flush(); !r) return r;
  finished_ = true;
  if (fsync) {
    if (auto r = fsync_fd(fd_.get(), path_); !r) return r;
  }
  if (::close(fd_.release()) != 0) return io_failure("closing", path_, errno);
  return {};
}

}  // namespace s3sandbox::storage
