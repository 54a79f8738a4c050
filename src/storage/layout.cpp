#include "layout.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "s3sandbox/core/ids.hpp"
#include "s3sandbox/core/log.hpp"
#include "s3sandbox/core/unique_fd.hpp"

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
  // S3 has no "disk full" error; InternalError with our own diagnosis tells the developer why.
  if (err == ENOSPC || err == EDQUOT) {
    e = std::move(e).because("the sandbox's data volume is full (no space left on device)");
  }
  return e;
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

core::Result<std::size_t> Layout::remove_orphans(
    const std::unordered_set<std::string>& referenced) const {
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

}  // namespace s3sandbox::storage
