// The body of an upload (PutObject, UploadPart): checks its framing from the header, undoes
// aws-chunked framing when the request streams (STREAMING-* payloads, with chunk signatures and
// trailers), hashes every payload byte, writes the bytes to a staged file and checks every
// promise at the end (lengths, signed SHA-256, Content-MD5, checksum). Nothing is committed
// here: the caller commits the staged write only after finish() succeeded, so a refused or
// interrupted upload never becomes visible. Memory is bounded: bytes are never buffered, except
// in the fixed buffers that carry a large payload to the thread hashing its MD5 (the ETag):
// for a payload of at least 1 MiB, MD5 runs on a thread of its own (PayloadDigest), in
// parallel with receiving, decoding, checksumming and writing on the connection thread (the
// storage layer never hashes: the MD5 computed here is the ETag the caller commits).
// Thread safety: one UploadBody per request, used by one thread at a time. Destroying it
// unfinished stops and joins the MD5 thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "exchange_state.hpp"
#include "hash_pipeline.hpp"
#include "s3sandbox/auth/aws_chunked.hpp"
#include "s3sandbox/storage/backend.hpp"
#include "upload_integrity.hpp"

namespace s3sandbox::app {

// What the header says about the body, checked before anything is staged.
struct UploadPlan {
  IntegrityPlan integrity;
  bool streaming = false;          // aws-chunked framing
  std::uint64_t payload_size = 0;  // Content-Length, or x-amz-decoded-content-length
};

// MissingContentLength, EntityTooLarge (over `max_size`), NotImplemented (HTTP chunked without
// aws-chunked), and every refusal of plan_integrity().
core::Result<UploadPlan> plan_upload(const ExchangeState& x, std::uint64_t max_size);

struct FinishedUpload {
  std::unique_ptr<storage::StagedWrite> staged;
  std::uint64_t size = 0;
  VerifiedIntegrity integrity;
};

class UploadBody {
 public:
  UploadBody(const ExchangeState& x, UploadPlan plan, std::unique_ptr<storage::StagedWrite> staged);
  UploadBody(const UploadBody&) = delete;  // md5_'s worker refers to md5_
  UploadBody& operator=(const UploadBody&) = delete;

  core::Result<void> write(std::span<const char> wire);
  core::Result<FinishedUpload> finish();

 private:
  core::Result<void> take_payload(std::span<const char> payload);
  core::Result<void> store(std::span<const char> payload);

  const ExchangeState& x_;
  UploadPlan plan_;
  std::unique_ptr<storage::StagedWrite> staged_;
  UploadHasher hasher_;
  PayloadDigest md5_;  // the ETag; on its own thread for a large payload
  std::optional<auth::AwsChunkedDecoder> decoder_;
  std::uint64_t wire_bytes_ = 0;
  std::uint64_t payload_bytes_ = 0;
};

// The stored metadata's integrity fields from a finished upload.
void apply_integrity(const VerifiedIntegrity& v, storage::ObjectMeta& meta);

// Content-Encoding "aws-chunked" (alone or first in a list) is framing, not a stored encoding.
std::string stored_content_encoding(std::string_view header_value);

}  // namespace s3sandbox::app
