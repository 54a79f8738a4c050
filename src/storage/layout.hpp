// The data dir's layout and the POSIX file operations the commit protocol needs:
//   <root>/meta.db           the SQLite index
//   <root>/lock              flock'ed while a backend has the dir open
//   <root>/staging/<id>      multipart assemblies in progress (upload bodies are written in place
//                            in data/, named by the index only once committed)
//   <root>/snapshots/<name>/ saved states (sqlite_snapshots.cpp): meta.db, a copy of the index,
//                            and info.json; their bodies stay in data/, kept while named
//   <root>/data/<ab>/<id>    committed bodies; `ab` is the id's first two hex characters, so no
//                            directory grows beyond 1/256 of the objects
// A data file is named in the index by its path relative to data/ ("ab/<id>"); ids are random,
// never derived from a key, so no key can name a file outside the data dir.
//
// Failures are logged with their path and errno and returned as InternalError (paths never reach
// a client); ENOSPC also carries a plain-words diagnosis.
// Thread safety: Layout is immutable; the functions are reentrant.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "s3sandbox/core/result.hpp"

namespace s3sandbox::storage {

// Logs "storage: <what> <path>: <strerror(err)>" and returns InternalError.
core::S3Error io_failure(std::string_view what, const std::filesystem::path& path, int err);

// The data file names the index references, kept compactly for the start-up sweep: a name of
// the usual shape "ab/<32 hex>" costs 16 bytes (a million objects fit in 16 MiB instead of the
// ~130 MiB of a set of strings); names of any other shape are kept as strings.
class ReferencedFiles {
 public:
  // Room for `count` names up front: without it the vector's doublings (and a final
  // shrink) briefly held twice the ids, the start-up's peak memory on a 1M-object data dir.
  void reserve(std::size_t count) { ids_.reserve(count); }
  void add(std::string_view name);
  // Call once after the last add(), before contains().
  void seal();
  bool contains(std::string_view name) const;

 private:
  using Id = std::array<unsigned char, 16>;
  static std::optional<Id> id_of(std::string_view name);
  std::vector<Id> ids_;
  std::unordered_set<std::string> others_;
};

class Layout {
 public:
  explicit Layout(std::filesystem::path root)
      : root_(std::move(root)), staging_(root_ / "staging"), data_(root_ / "data") {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path db_file() const { return root_ / "meta.db"; }
  const std::filesystem::path& staging_dir() const { return staging_; }
  const std::filesystem::path& data_dir() const { return data_; }
  std::filesystem::path staging_file(std::string_view id) const { return staging_ / id; }
  // `name` is "ab/<id>" as stored in the index.
  std::filesystem::path data_file(std::string_view name) const { return data_ / name; }
  std::filesystem::path snapshots_dir() const { return root_ / "snapshots"; }

  // A file of kReserveFileSize bytes kept on the data volume and given back when the index cannot
  // be written for lack of space, so that objects can still be deleted on a volume another
  // process filled to the last byte.
  std::filesystem::path reserve_file() const { return root_ / "reserve"; }
  // Creates the reserve file if it is missing and there is room (best effort).
  void ensure_reserve() const;
  // Gives the reserve's space back. Returns false when there was none to give.
  bool release_reserve() const;

  // Creates root, staging/ and data/.
  core::Result<void> create_dirs() const;
  // Removes every entry of staging/ (bodies of requests a previous run did not finish).
  core::Result<void> clear_staging() const;
  // Removes every data/<ab>/<file> whose "ab/<file>" is not in `referenced`. Returns the count.
  core::Result<std::size_t> remove_orphans(const ReferencedFiles& referenced) const;

 private:
  std::filesystem::path root_;
  std::filesystem::path staging_;
  std::filesystem::path data_;
};

// Unlinks a file (placed in data/ or staging/) unless the commit that should reference it
// went through and called keep().
class DiscardUnlessKept {
 public:
  explicit DiscardUnlessKept(std::filesystem::path p) : path_(std::move(p)) {}
  ~DiscardUnlessKept();
  DiscardUnlessKept(const DiscardUnlessKept&) = delete;
  DiscardUnlessKept& operator=(const DiscardUnlessKept&) = delete;
  void keep() { kept_ = true; }

 private:
  std::filesystem::path path_;
  bool kept_ = false;
};

// A fresh data file name "ab/<32 hex>".
std::string new_data_name();

// Space kept free on the data volume: uploads stop short of it so that deletes (which write to
// the SQLite index) still work on a full disk, and space can be freed through S3.
inline constexpr std::uint64_t kReservedSpace = 1024 * 1024;

inline constexpr std::uint64_t kReserveFileSize = 2 * 1024 * 1024;
// The diagnosis of every refusal caused by a full data volume.
inline constexpr std::string_view kVolumeFullDiagnosis =
    "the sandbox's data volume is full (no space left on device)";

// ENOSPC (io_failure) unless writing `bytes` more to `fd`'s filesystem leaves kReservedSpace.
core::Result<void> ensure_room(int fd, std::uint64_t bytes, const std::filesystem::path& p);
// The same for the filesystem holding `dir` (a body stored in the index, which has no fd).
core::Result<void> ensure_room_at(const std::filesystem::path& dir, std::uint64_t bytes);

// write(2) until done, retrying EINTR and short writes.
core::Result<void> write_all(int fd, std::span<const char> bytes, const std::filesystem::path& p);
core::Result<void> fsync_fd(int fd, const std::filesystem::path& p);
core::Result<void> fsync_dir(const std::filesystem::path& dir);
// Copies `size` bytes from the start of `in_fd` to the current position of `out_fd`, kernel to
// kernel (copy_file_range; a 64 KiB read/write loop where the filesystem refuses it). A source
// shorter than `size` is an InternalError.
core::Result<void> copy_bytes(int in_fd, int out_fd, std::uint64_t size,
                              const std::filesystem::path& from, const std::filesystem::path& to);
// Unlinks, logging (not returning) a failure other than "already gone": used after commits,
// where the new state is already durable and a leftover file is only wasted space.
void unlink_quietly(const std::filesystem::path& p);

}  // namespace s3sandbox::storage
