// Backend: the storage contract the S3 application relies on. Implementation: SqliteBackend
// (SQLite index + data files, see sqlite_backend.hpp).
//
// Contract:
// - Object bytes are written through a StagedWrite obtained from stage(); nothing is visible until
//   commit_object() succeeds, which atomically replaces any previous version of the key (its
//   metadata and tags included: an overwrite carries only the new meta's tags). A StagedWrite
//   destroyed without commit leaves nothing behind.
// - The storage layer never hashes object bytes: the caller (the app) computes the MD5 (ETag)
//   and checksums while it streams the bytes, and gives them to commit_object() / commit_part()
//   / complete_upload() in the metadata. Committing without an ETag is a caller bug
//   (InternalError).
// - Readers get an ObjectReader holding the body: an open file descriptor, or for a small body
//   the bytes themselves (an implementation may keep those in its index). Either stays valid if
//   the object is overwritten or deleted afterwards.
// - Keys are opaque byte strings (1..1024 bytes), never used as file names.
// - Listing is in bytewise key order and costs O(page size), not O(bucket size).
// - Multipart uploads: parts are staged like objects (stage()) and committed into an upload;
//   completion assembles them into a new object without holding it in memory and makes it
//   visible atomically (a crash leaves either the upload or the object). Uploads survive
//   restarts until completed or aborted. The caller (the app) validates part lists, ETags,
//   sizes and computes the composite ETag and checksums; the backend stores and assembles.
// - Deleting a bucket that holds only in-progress uploads succeeds and discards them (S3's
//   general purpose buckets only refuse BucketNotEmpty for objects).
// - A bucket's CORS configuration is stored whole (replaced by each put) and goes with the
//   bucket. Reading it is one indexed lookup: the app reads it for every cross-origin request.
// - A bucket's notification configuration is an opaque document, replaced whole, gone with
//   the bucket.
// - Object tags are stored with the object (commit_object, complete_upload from the upload's
//   meta.tags) and replaced whole by put_object_tags; deleting the object drops them.
// - Feature settings (ObjectMeta::settings, put_bucket_setting) are opaque documents owned by
//   the app's features; the backend stores them with the object or the bucket.
// - Errors are S3's: NoSuchBucket, NoSuchKey, NoSuchUpload, InvalidPart, BucketNotEmpty,
//   BucketAlreadyOwnedByYou, PreconditionFailed (write conditions), InternalError (I/O
//   failures, no detail leaked).
// - Versioning (versions.hpp has the model and types). Object rows carry ObjectMeta::version_id
//   ("" = the null version) and ObjectMeta::delete_marker. Every write applies the bucket's
//   status, read inside the write's own transaction:
//   * Unversioned: exactly the behaviour above (a commit replaces, a delete removes; ids "").
//   * Enabled: commit_object / complete_upload stack a new version with a fresh id (32
//     lower-case hex characters) on the key; the previous latest stays, noncurrent from now.
//     delete_object stacks a delete marker with a fresh id.
//   * Suspended: the new version (or, for delete_object, the delete marker) is the null version
//     and replaces the key's previous null version wherever it is in the stack; others stay.
//   Every version's bytes follow the same commit protocol (staged, fsynced, one transaction),
//   and a version's data file is unlinked only when the version itself is permanently deleted
//   (delete_object_version, reset, a snapshot restore that drops it).
//   head_object / open_object read the latest version; when it is a delete marker they fail
//   with NoSuchKey carrying the headers `x-amz-delete-marker: true` and `x-amz-version-id`.
//   list_objects lists only keys whose latest version is an object (O(page) as before).
//   The *_version methods take a version id as S3 shows it ("null" or "" = the null version);
//   an id that names no version of the key is NoSuchVersion. delete_object_version removes one
//   version or marker for good (S3's DeleteObject?versionId=), and when it was the latest the
//   next newer one becomes the latest (a marker stays a marker). A missing version is not an
//   error there (S3 answers 204): DeleteOutcome::version_id is nullopt.
//   list_object_versions lists versions and markers in S3's order (key ascending, newest
//   first), with VersionEntry::noncurrent_since = when each stopped being the latest.
//   BucketNotEmpty counts every version and delete marker, as S3 does.
//
// Thread safety: all methods may be called concurrently from any thread.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/core/unique_fd.hpp"
#include "s3sandbox/storage/types.hpp"
#include "s3sandbox/storage/versions.hpp"

namespace s3sandbox::storage {

// A body being streamed to storage, invisible until committed. It only stores bytes: whoever
// writes them hashes them (the ETag is commit's argument).
class StagedWrite {
 public:
  virtual ~StagedWrite() = default;  // discards the staged bytes unless committed
  virtual core::Result<void> write(std::span<const char> bytes) = 0;
  virtual std::uint64_t size() const = 0;
};

struct ObjectReader {
  ObjectMeta meta;
  // Exactly one of the two holds the body.
  core::UniqueFd fd;  // positioned anywhere; read with pread/sendfile at an offset
  std::shared_ptr<const std::string> bytes;  // the whole body, when kept in memory

  // Copies up to `n` bytes from `offset` into `out`: the count (0 past the end), or -1 with errno.
  ssize_t read_at(char* out, std::size_t n, std::uint64_t offset) const {
    if (bytes) {
      if (offset >= bytes->size()) return 0;
      const std::size_t count = std::min<std::size_t>(n, bytes->size() - offset);
      std::memcpy(out, bytes->data() + offset, count);
      return static_cast<ssize_t>(count);
    }
    return ::pread(fd.get(), out, n, static_cast<off_t>(offset));
  }
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual core::Result<void> create_bucket(const std::string& name, const std::string& region) = 0;
  virtual core::Result<void> delete_bucket(const std::string& name) = 0;
  virtual core::Result<BucketInfo> get_bucket(const std::string& name) = 0;
  virtual core::Result<std::vector<BucketInfo>> list_buckets() = 0;

  // Starts a staged write for an object of `bucket` (which must exist).
  virtual core::Result<std::unique_ptr<StagedWrite>> stage(const std::string& bucket) = 0;
  // Makes the staged bytes the new version of meta.key, with meta's etag (required: the MD5 hex
  // the caller computed), checksums, content headers, user metadata and tags. `meta.size` is
  // the staged size (when non-zero, it must match it); last_modified is set by the backend's
  // clock. Returns the metadata as stored.
  virtual core::Result<ObjectMeta> commit_object(std::unique_ptr<StagedWrite> staged,
                                                 ObjectMeta meta,
                                                 const WriteCondition& condition) = 0;
  virtual core::Result<ObjectMeta> head_object(const std::string& bucket,
                                               const std::string& key) = 0;
  virtual core::Result<ObjectReader> open_object(const std::string& bucket,
                                                 const std::string& key) = 0;
  // Deleting a missing key succeeds (S3 semantics); a missing bucket is NoSuchBucket.
  virtual core::Result<void> delete_object(const std::string& bucket, const std::string& key) = 0;
  // Replaces the tag set of the current object (an empty vector deletes all its tags), leaving
  // its etag, size and last_modified alone; returns the updated metadata. NoSuchBucket /
  // NoSuchKey as head_object gives them.
  virtual core::Result<ObjectMeta> put_object_tags(
      const std::string& bucket, const std::string& key,
      std::vector<std::pair<std::string, std::string>> tags) = 0;
  // Replaces the feature settings of the current object (ObjectMeta::settings) whole, leaving
  // the rest of the row alone; returns the updated metadata. Errors as put_object_tags.
  virtual core::Result<ObjectMeta> put_object_settings(
      const std::string& bucket, const std::string& key,
      std::map<std::string, std::string> settings) = 0;
  virtual core::Result<ListPage> list_objects(const std::string& bucket,
                                              const ListQuery& query) = 0;

  // --- Multipart uploads. An upload is named by (bucket, key, upload_id): a known id with
  // another key is NoSuchUpload. A missing bucket is NoSuchBucket.

  // Assigns upload_id (unguessable, URL-safe, 60 characters; sorts by initiation time) and
  // initiated (the clock, whole seconds). Keeps upload.meta's content headers, user_metadata,
  // storage_class, checksum_type, tags and checksum_algorithm.
  virtual core::Result<MultipartUpload> create_upload(MultipartUpload upload) = 0;
  virtual core::Result<MultipartUpload> get_upload(const std::string& bucket,
                                                   const std::string& key,
                                                   const std::string& upload_id) = 0;
  // Stores a part staged with stage(bucket), with part.etag (required: the caller's MD5 hex) and
  // checksums. part.size is the staged size (when non-zero, it must match it); last_modified is
  // set from the clock. Replaces an existing part of the
  // same number (its file is unlinked after the commit). NoSuchUpload when the upload was
  // aborted or completed meanwhile (checked inside the transaction); InvalidArgument for a part
  // number outside 1..10000.
  virtual core::Result<PartInfo> commit_part(const std::string& bucket, const std::string& key,
                                             const std::string& upload_id,
                                             std::unique_ptr<StagedWrite> staged,
                                             PartInfo part) = 0;
  // Parts numbered above after_part, at most max_parts of them, by number.
  virtual core::Result<PartsPage> list_parts(const std::string& bucket, const std::string& key,
                                             const std::string& upload_id, int after_part,
                                             int max_parts) = 0;
  // All parts (for completion validation), ordered by number.
  virtual core::Result<std::vector<PartInfo>> all_parts(const std::string& bucket,
                                                        const std::string& key,
                                                        const std::string& upload_id) = 0;
  // ListMultipartUploads: prefix/delimiter roll-up as in list_objects; key_marker alone lists
  // keys after it; with upload_id_marker, uploads of key_marker with a greater id come first.
  virtual core::Result<UploadsPage> list_uploads(const std::string& bucket,
                                                 const UploadsQuery& query) = 0;
  // Removes the upload and its part files.
  virtual core::Result<void> abort_upload(const std::string& bucket, const std::string& key,
                                          const std::string& upload_id) = 0;
  // Assembles the listed parts (validated by the caller, in order) into a new data file,
  // streaming file to file, then in ONE transaction: checks the upload still exists
  // (NoSuchUpload) and that each listed part is still the one assembled (InvalidPart if it was
  // re-uploaded meanwhile), checks `condition` against the current object (PreconditionFailed,
  // or NoSuchKey for If-Match on a missing key), inserts the object and deletes the upload with
  // all its parts; then unlinks the part files. From `meta` the caller gives etag, checksums and
  // checksum_type; content headers, user_metadata, storage_class and tags come from the upload;
  // size, part_sizes and parts_count are computed; last_modified is the upload's initiation
  // time (as S3 reports for multipart objects). Returns the stored ObjectMeta.
  virtual core::Result<ObjectMeta> complete_upload(
      const std::string& bucket, const std::string& key, const std::string& upload_id,
      const std::vector<int>& part_numbers, ObjectMeta meta, const WriteCondition& condition) = 0;

  // --- Bucket CORS configuration (rules validated by the caller). NoSuchBucket when the bucket
  // is missing. get: nullopt when the bucket has none. delete: succeeds when there is none.
  virtual core::Result<void> put_bucket_cors(const std::string& bucket,
                                             const std::vector<CorsRule>& rules) = 0;
  virtual core::Result<std::optional<std::vector<CorsRule>>> get_bucket_cors(
      const std::string& bucket) = 0;
  virtual core::Result<void> delete_bucket_cors(const std::string& bucket) = 0;

  // --- Bucket notification configuration, stored whole as the caller's canonical document
  // (validated by the caller), and gone with the bucket. get: "" when the bucket has none; put
  // with "" removes it. NoSuchBucket when the bucket is missing.
  virtual core::Result<void> put_bucket_notification(const std::string& bucket,
                                                     const std::string& document) = 0;
  virtual core::Result<std::string> get_bucket_notification(const std::string& bucket) = 0;

  // --- Bucket settings of the features beyond the core: one document per (bucket, name),
  // validated and rendered by the feature that owns the name (e.g. "ownership", "acl", "policy",
  // "public-access-block", "encryption", "tagging", "owner"), replaced whole, gone with the
  // bucket. put with "" removes the document. get_bucket_settings reads all of a bucket's
  // documents at once and is cached until the next write of any kind, because access checks
  // read it on every request. NoSuchBucket when the bucket is missing.
  virtual core::Result<void> put_bucket_setting(const std::string& bucket, const std::string& name,
                                                const std::string& document) = 0;
  virtual core::Result<BucketSettings> get_bucket_settings(const std::string& bucket) = 0;

  // --- Versioning (see the contract above and versions.hpp). NoSuchBucket when the bucket is
  // missing, for all of them.

  // The bucket's status (Unversioned until first Enabled). Cached like get_bucket_settings.
  virtual core::Result<VersioningStatus> get_bucket_versioning(const std::string& bucket) = 0;
  // Sets Enabled or Suspended (Unversioned is refused: InvalidArgument, a caller bug).
  virtual core::Result<void> put_bucket_versioning(const std::string& bucket,
                                                   VersioningStatus status) = 0;
  // DeleteObject without a version id under the bucket's status: removes the object
  // (Unversioned), stacks a delete marker (Enabled) or makes the null version a delete marker
  // (Suspended). A missing key succeeds (a marker is stacked all the same when versioned).
  virtual core::Result<DeleteOutcome> delete_object_versioned(const std::string& bucket,
                                                              const std::string& key) = 0;
  // Permanently removes one version or delete marker (nothing when there is none).
  virtual core::Result<DeleteOutcome> delete_object_version(const std::string& bucket,
                                                            const std::string& key,
                                                            const std::string& version_id) = 0;
  // One version's metadata (tags and settings included); a delete marker comes back with
  // meta.delete_marker set (the caller answers 405). NoSuchVersion when there is none.
  virtual core::Result<ObjectMeta> head_object_version(const std::string& bucket,
                                                       const std::string& key,
                                                       const std::string& version_id) = 0;
  // One version's body, as open_object; for a delete marker the reader has no body and
  // meta.delete_marker set.
  virtual core::Result<ObjectReader> open_object_version(const std::string& bucket,
                                                         const std::string& key,
                                                         const std::string& version_id) = 0;
  // Replaces one version's tags (put_object_tags for a given version). MethodNotAllowed for a
  // delete marker, NoSuchVersion when there is none.
  virtual core::Result<ObjectMeta> put_object_version_tags(
      const std::string& bucket, const std::string& key, const std::string& version_id,
      std::vector<std::pair<std::string, std::string>> tags) = 0;
  // Replaces one version's feature settings (put_object_settings for a given version: the
  // object ACL of PutObjectAcl?versionId=). Errors as put_object_version_tags.
  virtual core::Result<ObjectMeta> put_object_version_settings(
      const std::string& bucket, const std::string& key, const std::string& version_id,
      std::map<std::string, std::string> settings) = 0;
  // ListObjectVersions: a page of versions and delete markers (VersionsQuery's rules), O(page).
  virtual core::Result<VersionsPage> list_object_versions(const std::string& bucket,
                                                          const VersionsQuery& query) = 0;
};

}  // namespace s3sandbox::storage
