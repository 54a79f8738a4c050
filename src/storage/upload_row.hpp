// The mapping between `uploads` / `parts` rows (schema in object_row.cpp) and MultipartUpload /
// PartInfo, and the making of upload ids.
//
// An upload id is 12 hex digits of the initiation time (seconds) followed by 48 base64url
// characters from OpenSSL's CSPRNG (288 bits): unguessable, URL-safe, about as long as S3's, and
// sorted by initiation time, so ORDER BY (key, upload_id) is S3's "by key, then initiation time"
// and upload-id-marker's "ids greater than" means "initiated later" (ties by the random part).
// Thread safety: pure functions over a Statement owned by the caller; new_upload_id() is
// thread safe.
#pragma once

#include <string>

#include "s3sandbox/core/clock.hpp"
#include "s3sandbox/storage/types.hpp"
#include "sqlite_db.hpp"

namespace s3sandbox::storage {

// Columns read by read_upload_row(), from column 0.
#define S3SANDBOX_UPLOAD_COLUMNS                                                            \
  "key, upload_id, initiated, content_type, content_disposition, content_encoding, "        \
  "content_language, cache_control, expires, user_metadata, checksum_type, storage_class, " \
  "checksum_algorithm, tags, settings"

// Columns read by read_part_row(), from column 0.
#define S3SANDBOX_PART_COLUMNS "number, size, etag, last_modified, checksums, data_file"

struct PartRow {
  PartInfo info;
  std::string data_file;
};

MultipartUpload read_upload_row(const db::Statement& s, const std::string& bucket);
PartRow read_part_row(const db::Statement& s);

// "INSERT INTO uploads ..." with every column bound from `upload`.
extern const char* const kInsertUploadSql;
void bind_upload_row(db::Statement& s, const MultipartUpload& upload);

// "INSERT OR REPLACE INTO parts ..." with every column bound from `row` (?1 = upload id).
extern const char* const kUpsertPartSql;
void bind_part_row(db::Statement& s, const std::string& upload_id, const PartRow& row);

std::string new_upload_id(core::TimePoint initiated);

}  // namespace s3sandbox::storage
