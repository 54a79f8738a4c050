#include "layout.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::storage {
namespace fs = std::filesystem;

core::S3Error io_failure(std::string_view what, const fs::path& path, int err) {
  std::string line = "storage: ";
  line += what;
  line += ' ';
  line += path.string();
  line += ": ";
  line += std::strerror(err);
  core::log_error(line);
  core::S3Error e(core::ErrorCode::kInternalError);
  // S3 has no "disk full" or "cannot create" error; InternalError with our own diagnosis tells
  // the developer why (the start-up error of a bad --data-dir prints it too).
  if (err == ENOSPC || err == EDQUOT) {
    e.diagnosis = std::string(kVolumeFullDiagnosis);
  } else {
    e.diagnosis = line.substr(std::string_view("storage: ").size());
  }
  return e;
}

namespace {

// ENOSPC unless `bytes` more leave kReservedSpace free; `st` unknown (false): let the write decide.
core::Result<void> check_room(bool known, const struct statvfs& st, std::uint64_t bytes,
                              const fs::path& p) {
  if (!known) return {};
  std::uint64_t available = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  if (available < bytes + kReservedSpace) return io_failure("no room to write", p, ENOSPC);
  return {};
}

}  // namespace

core::Result<void> ensure_room(int fd, std::uint64_t bytes, const fs::path& p) {
  struct statvfs st {};
  return check_room(::fstatvfs(fd, &st) == 0, st, bytes, p);
}

core::Result<void> ensure_room_at(const fs::path& dir, std::uint64_t bytes) {
  struct statvfs st {};
  return check_room(::statvfs(dir.c_str(), &st) == 0, st, bytes, dir);
}

void Layout::ensure_reserve() const {
  fs::path p = reserve_file();
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) >= kReserveFileSize)
    return;
  core::UniqueFd fd(::open(p.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  if (!fd) return;
  // fallocate holds the blocks on ext4, XFS, btrfs and tmpfs at a fraction of the cost of writing
  // 2 MiB (~0.5 ms of a cold start). It counts only if the blocks show up in st_blocks: ZFS, for
  // one, may accept it without allocating anything. Otherwise the zeros are written, which every
  // filesystem stores (short of one compressing them away).
  if (::fallocate(fd.get(), 0, 0, static_cast<off_t>(kReserveFileSize)) == 0) {
    if (::fstat(fd.get(), &st) == 0 &&
        static_cast<std::uint64_t>(st.st_blocks) * 512 >= kReserveFileSize) {
      return;
    }
  } else if (errno == ENOSPC) {
    fd.reset();
    ::truncate(p.c_str(), 0);  // no room now: try again after the next successful delete
    return;
  }
  std::vector<char> zeros(64 * 1024, 0);
  for (std::uint64_t done = 0; done < kReserveFileSize; done += zeros.size()) {
    if (!write_all(fd.get(), zeros, p)) {
      fd.reset();
      ::truncate(p.c_str(), 0);  // no room now: try again after the next successful delete
      return;
    }
  }
}

bool Layout::release_reserve() const {
  struct stat st {};
  fs::path p = reserve_file();
  if (::stat(p.c_str(), &st) != 0 || st.st_size == 0) return false;
  return ::truncate(p.c_str(), 0) == 0;
}

core::Result<void> Layout::create_dirs() const {
  for (const fs::path& dir : {root_, staging_, data_}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return io_failure("creating directory", dir, ec.value());
  }
  return {};
}

core::Result<void> Layout::clear_staging() const {
  std::error_code ec;
  for (fs::directory_iterator it(staging_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code rm;
    fs::remove_all(it->path(), rm);
    if (rm) return io_failure("removing staged file", it->path(), rm.value());
  }
  if (ec) return io_failure("listing", staging_, ec.value());
  return {};
}

std::optional<ReferencedFiles::Id> ReferencedFiles::id_of(std::string_view name) {
  // "ab/<32 hex>" where ab are the first two hex digits.
  if (name.size() != 35 || name[2] != '/' || name.substr(0, 2) != name.substr(3, 2))
    return std::nullopt;
  auto raw = crypto::hex_decode(name.substr(3));
  if (!raw || raw->size() != 16) return std::nullopt;
  Id id{};
  std::memcpy(id.data(), raw->data(), id.size());
  return id;
}

void ReferencedFiles::add(std::string_view name) {
  if (auto id = id_of(name))
    ids_.push_back(*id);
  else
    others_.emplace(name);
}

void ReferencedFiles::seal() { std::sort(ids_.begin(), ids_.end()); }

bool ReferencedFiles::contains(std::string_view name) const {
  if (auto id = id_of(name)) return std::binary_search(ids_.begin(), ids_.end(), *id);
  return others_.contains(std::string(name));
}

core::Result<std::size_t> Layout::remove_orphans(const ReferencedFiles& referenced) const {
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator dir(data_, ec), end; !ec && dir != end; dir.increment(ec)) {
    if (!dir->is_directory()) continue;
    std::string fan_out = dir->path().filename().string();
    std::error_code inner;
    for (fs::directory_iterator f(dir->path(), inner); !inner && f != end; f.increment(inner)) {
      std::string name = fan_out + "/" + f->path().filename().string();
      if (referenced.contains(name)) continue;
      std::error_code rm;
      fs::remove_all(f->path(), rm);
      if (rm) return io_failure("removing orphan data file", f->path(), rm.value());
      ++removed;
    }
    if (inner) return io_failure("listing", dir->path(), inner.value());
  }
  if (ec) return io_failure("listing", data_, ec.value());
  return removed;
}

std::string new_data_name() {
  std::string id = core::new_unique_id();
  return id.substr(0, 2) + "/" + id;
}

core::Result<void> write_all(int fd, std::span<const char> bytes, const fs::path& p) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_failure("writing", p, errno);
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return {};
}

core::Result<void> fsync_fd(int fd, const fs::path& p) {
  if (::fsync(fd) != 0) return io_failure("fsync", p, errno);
  return {};
}

core::Result<void> fsync_dir(const fs::path& dir) {
  core::UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return io_failure("opening directory", dir, errno);
  return fsync_fd(fd.get(), dir);
}

void unlink_quietly(const fs::path& p) {
  if (::unlink(p.c_str()) != 0 && errno != ENOENT) {
    (void)io_failure("unlinking", p, errno);
  }
}

core::Result<void> copy_bytes(int in_fd, int out_fd, std::uint64_t size, const fs::path& from,
                              const fs::path& to) {
  // Bounded per call only so that a huge part is copied in several syscalls; no memory is used.
  constexpr std::uint64_t kCopyChunk = 1ULL << 30;
  loff_t in_offset = 0;
  bool kernel_copy = true;
  std::vector<char> buffer;
  while (size > 0) {
    if (kernel_copy) {
      auto chunk = static_cast<std::size_t>(std::min(size, kCopyChunk));
      ssize_t n = ::copy_file_range(in_fd, &in_offset, out_fd, nullptr, chunk, 0);
      if (n > 0) {
        size -= static_cast<std::uint64_t>(n);
        continue;
      }
      if (n == 0) return io_failure("copying (source shorter than recorded)", from, EIO);
      if (errno == EINTR) continue;
      // Not supported between these files (filesystem, kernel, seccomp): copy by hand.
      if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP ||
          errno == EPERM) {
        kernel_copy = false;
        buffer.resize(64 * 1024);
        continue;
      }
      return io_failure("copying into", to, errno);
    }
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, buffer.size()));
    ssize_t n = ::pread(in_fd, buffer.data(), want, in_offset);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_failure("reading", from, errno);
    }
    if (n == 0) return io_failure("copying (source shorter than recorded)", from, EIO);
    if (auto r = write_all(out_fd,
                           std::span<const char>(buffer.data(), static_cast<std::size_t>(n)), to);
        !r) {
      return r;
    }
    in_offset += n;
    size -= static_cast<std::uint64_t>(n);
  }
  return {};
}

DiscardUnlessKept::~DiscardUnlessKept() {
  if (!kept_) unlink_quietly(path_);
}

}  // namespace s3sandbox::storage
