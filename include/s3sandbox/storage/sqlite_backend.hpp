// SqliteBackend: the on-disk Backend. Layout under the data dir:
//   meta.db            SQLite index (WAL, synchronous=NORMAL): buckets, objects, uploads, parts,
//                      and the bodies of small objects (table `bodies`, see inline_limit)
//   lock               flock'ed while open: a second process on the same dir is refused
//   staging/<id>       multipart objects being assembled
//   data/<ab>/<id>     committed bodies (objects and parts), named by a random id (never by key),
//                      and bodies being received (named by no row until their commit)
// Commit protocol: write the body in place in data/ (invisible until a row names it), fsync (if
// enabled), then one SQLite transaction checks the WriteCondition and swaps the row; the replaced
// file is unlinked after the commit. A body of at most inline_limit bytes never becomes a file:
// it is inserted into `bodies` in the same transaction as its row (one commit instead of a file
// create, write and later unlink: a 4 KiB PUT was mostly ext4 inode work, bench/RESULTS.md).
// Parts follow the file protocol; a completion assembles the parts into staging/ (file to file),
// renames the result into data/, and one transaction inserts the object and deletes the upload
// and part rows; the part files are unlinked after it. At open, everything in staging/ and every
// data file no object or part row references is removed.
// Thread safety: all methods are thread safe (readers use a pool of read-only connections, each
// used by one thread at a time, in parallel under WAL; every write is a transaction on the one
// writable connection, serialized by the write gate: src/storage/write_transaction.hpp).
#pragma once

#include <filesystem>
#include <memory>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/storage/backend.hpp"

namespace s3sandbox::storage {

struct SqliteOptions {
  std::filesystem::path data_dir;
  bool fsync = true;  // fsync data files and directories before commit
  // Object bodies up to this size are stored in the index instead of data/ (0: never). Parts of
  // multipart uploads are always files (completion assembles them file to file).
  std::size_t inline_limit = 16 * 1024;
};

// Opens (creating if needed) the data dir and cleans leftovers. Errors are start-up failures.
core::Result<std::unique_ptr<Backend>> open_sqlite_backend(const SqliteOptions& options,
                                                           const core::Clock& clock);

}  // namespace s3sandbox::storage
