#include "upload_row.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "object_row.hpp"
#include "s3sandbox/crypto/encoding.hpp"

namespace s3sandbox::storage {

const char* const kInsertUploadSql =
    "INSERT INTO uploads(bucket, " S3SANDBOX_UPLOAD_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";

const char* const kUpsertPartSql = "INSERT OR REPLACE INTO parts(upload_id, " S3SANDBOX_PART_COLUMNS
                                   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

MultipartUpload read_upload_row(const db::Statement& s, const std::string& bucket) {
  MultipartUpload u;
  u.bucket = bucket;
  u.key = s.text(0);
  u.upload_id = s.text(1);
  u.initiated = from_millis(s.integer(2));
  ObjectMeta& m = u.meta;
  m.bucket = bucket;
  m.key = u.key;
  m.content.content_type = s.text(3);
  m.content.content_disposition = s.text(4);
  m.content.content_encoding = s.text(5);
  m.content.content_language = s.text(6);
  m.content.cache_control = s.text(7);
  m.content.expires = s.text(8);
  m.user_metadata = decode_metadata(s.text(9));
  m.checksum_type = s.text(10);
  m.storage_class = s.text(11);
  u.checksum_algorithm = s.text(12);
  m.tags = decode_tags(s.text(13));
  m.settings = decode_settings(s.text(14));
  return u;
}

void bind_upload_row(db::Statement& s, const MultipartUpload& u) {
  const ObjectMeta& m = u.meta;
  s.bind_text(1, u.bucket)
      .bind_blob(2, u.key)
      .bind_text(3, u.upload_id)
      .bind_int(4, to_millis(u.initiated))
      .bind_text(5, m.content.content_type)
      .bind_text(6, m.content.content_disposition)
      .bind_text(7, m.content.content_encoding)
      .bind_text(8, m.content.content_language)
      .bind_text(9, m.content.cache_control)
      .bind_text(10, m.content.expires)
      .bind_text(11, encode_metadata(m.user_metadata))
      .bind_text(12, m.checksum_type)
      .bind_text(13, m.storage_class)
      .bind_text(14, u.checksum_algorithm)
      .bind_text(15, encode_tags(m.tags))
      .bind_text(16, encode_settings(m.settings));
}

PartRow read_part_row(const db::Statement& s) {
  PartRow row;
  row.info.number = static_cast<int>(s.integer(0));
  row.info.size = static_cast<std::uint64_t>(s.integer(1));
  row.info.etag = s.text(2);
  row.info.last_modified = from_millis(s.integer(3));
  row.info.checksums = decode_checksums(s.text(4));
  row.data_file = s.text(5);
  return row;
}

void bind_part_row(db::Statement& s, const std::string& upload_id, const PartRow& row) {
  s.bind_text(1, upload_id)
      .bind_int(2, row.info.number)
      .bind_int(3, static_cast<std::int64_t>(row.info.size))
      .bind_text(4, row.info.etag)
      .bind_int(5, to_millis(row.info.last_modified))
      .bind_text(6, encode_checksums(row.info.checksums))
      .bind_text(7, row.data_file);
}

std::string new_upload_id(core::TimePoint initiated) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(initiated.time_since_epoch());
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%012llx",
                static_cast<unsigned long long>(std::max<std::int64_t>(0, seconds.count())));
  unsigned char random[36];  // a multiple of 3: base64 without padding
  if (RAND_bytes(random, sizeof random) != 1) {
    // The OS entropy source failing is not something a request can cause or recover from.
    throw std::runtime_error("storage: RAND_bytes failed");
  }
  std::string id =
      crypto::base64_encode(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
  std::replace(id.begin(), id.end(), '+', '-');
  std::replace(id.begin(), id.end(), '/', '_');
  return prefix + id;
}

}  // namespace s3sandbox::storage
