// SqliteBackend: the on-disk Backend. Layout under the data dir:
//   meta.db            SQLite index (WAL, synchronous=NORMAL): buckets, objects, uploads, parts
//   lock               flock'ed while open: a second process on the same dir is refused
//   staging/<id>       bodies being received, multipart objects being assembled
//   data/<ab>/<id>     committed bodies (objects and parts), named by a random id (never by key)
// Commit protocol: write to staging/, fsync (if enabled), rename into data/, then one SQLite
// transaction checks the WriteCondition and swaps the row; the replaced file is unlinked after
// the commit. Parts follow the same protocol; a completion assembles the parts into staging/
// (file to file), renames the result into data/, and one transaction inserts the object and
// deletes the upload and part rows; the part files are unlinked after it. At open, everything
// in staging/ and every data file no object or part row references is removed.
// Thread safety: all methods are thread safe (a pool of connections, each used by one thread at
// a time; writers serialized by a mutex; readers run in parallel under WAL).
#pragma once

#include <filesystem>
#include <memory>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::storage {

struct SqliteOptions {
  std::filesystem::path data_dir;
  bool fsync = true;  // fsync data files and directories before commit
};

// Opens (creating if needed) the data dir and cleans leftovers. Errors are start-up failures.
core::Result<std::unique_ptr<Backend>> open_sqlite_backend(const SqliteOptions& options,
                                                           const core::Clock& clock);

}  // namespace s3sandbox::storage
