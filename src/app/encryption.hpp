// Server-side encryption on the wire (issue #17, part 5). s3sandbox stores bytes as they come,
// whatever the encryption asked for, but answers as S3 does:
// - SSE-S3 (AES256) is every object's encryption unless another is asked for or the bucket's
//   default (PutBucketEncryption) says otherwise; S3 names it on PUT, GET, HEAD, Copy and
//   multipart responses.
// - SSE-KMS (aws:kms, aws:kms:dsse) is accepted and echoed with its key id (the AWS managed key's
//   ARN when none is named) and the bucket-key flag; there is no KMS.
// - SSE-C: the key and its MD5 are checked on every write and read; only a salted hash of the
//   key is stored (ObjectMeta::settings "ssec.key-hash"), so a read with another key, or none,
//   fails as on S3. New buckets block SSE-C writes (S3's April 2026 default) until
//   PutBucketEncryption unblocks it. Over plain HTTP S3 refuses SSE-C; s3sandbox too unless
//   --allow-ssec-over-http.
#pragma once

#include "exchange_state.hpp"
#include "s3sandbox/storage/types.hpp"
#include "s3sandbox/xml/encryption.hpp"

namespace s3sandbox::app {

// The bucket's default encryption: its stored configuration or S3's default for new buckets.
xml::EncryptionConfiguration bucket_encryption(ExchangeState& x, const std::string& bucket);
std::string encode_bucket_encryption(const xml::EncryptionConfiguration& config);

// A write (PutObject, CopyObject's destination, CreateMultipartUpload, POST Object's fields as
// headers): the encryption it asks for, checked, recorded in meta.settings.
core::Result<void> read_write_encryption(ExchangeState& x, storage::ObjectMeta& meta);
// The same, reading the encryption from `headers` (POST Object's form fields) instead of the
// request's own headers.
core::Result<void> read_write_encryption(ExchangeState& x, const core::RequestView& headers,
                                         storage::ObjectMeta& meta);

// GET / HEAD (and a copy's source, with the x-amz-copy-source-server-side-encryption-customer-*
// headers): the SSE-C key the object needs, or no SSE-C headers for an object without one.
core::Result<void> check_read_encryption(ExchangeState& x, const storage::ObjectMeta& meta,
                                         bool copy_source = false);

// UploadPart: the same SSE-C key as the upload's, or none when the upload has none.
core::Result<void> check_part_encryption(ExchangeState& x, const storage::ObjectMeta& upload_meta);

// x-amz-server-side-encryption* (or the SSE-C customer headers) for an object's encryption.
void add_encryption_headers(const storage::ObjectMeta& meta, core::Response& response);

}  // namespace s3sandbox::app
