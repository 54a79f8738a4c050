// What an upload promises about its bytes, and the check of those promises once the bytes have
// arrived. Shared by every handler that stores a body (PutObject, UploadPart).
//
// Promises come from the request header: Content-MD5, at most one x-amz-checksum-<algorithm>
// value (or an x-amz-trailer naming one that the aws-chunked trailer will carry), and
// x-amz-sdk-checksum-algorithm. SigV4 presigned URLs may carry the checksum in the query
// instead: aws-sdk-js >= 3.729 hoists x-amz-checksum-crc32 (of an empty body, "AAAAAA==", when
// presigning without a body) and x-amz-sdk-checksum-algorithm into the URL.
//
// What S3 does with a checksum signed into a presigned URL, and our sources: the S3 User Guide,
// "Download and upload objects with presigned URLs" (2025 revision), says SigV2 presigned URLs
// support only MD5 while SigV4 presigned URLs support the checksum algorithms, i.e. S3 verifies
// them (the 2023 revision said the opposite, which is why localstack/localstack#12169 and
// aws/aws-sdk-go-v2#2610 report them ignored). Reports against S3 since the 2025 SDK defaults
// (aws/aws-sdk-js-v3#6994, seaweedfs/seaweedfs#10216, the Cloudflare R2 thread on 3.729.0) say
// an upload whose body does not match the signed CRC32 is refused. s3sandbox therefore verifies
// a checksum signed into a SigV4 presigned URL and refuses a mismatch with BadDigest, and says in
// the diagnosis that the URL was presigned with the checksum of an empty body. SigV2 presigned
// URLs: checksum query parameters are not honoured (only Content-MD5 is).
//
// S3 computes and stores a CRC64NVME checksum for every upload that names no algorithm (since
// December 2024); so does s3sandbox.
// Thread safety: plain values and pure functions; one UploadHasher per upload.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "exchange_state.hpp"
#include "s3sandbox/auth/aws_chunked.hpp"
#include "s3sandbox/crypto/checksum.hpp"
#include "s3sandbox/crypto/digest.hpp"

namespace s3sandbox::app {

enum class ChecksumSource { kHeader, kQuery, kTrailer };

struct ChecksumPromise {
  crypto::ChecksumAlgorithm algorithm = crypto::ChecksumAlgorithm::kCrc64Nvme;
  std::string value;  // base64 as sent; empty when it comes in the trailer
  ChecksumSource source = ChecksumSource::kHeader;
};

struct IntegrityPlan {
  std::optional<std::string> content_md5;   // base64 as sent, syntax already checked
  std::optional<ChecksumPromise> checksum;  // the client's checksum, if any
  // The algorithm computed and stored: the client's, else S3's default CRC64NVME. A multipart
  // part may need a second one (`also`): the algorithm its upload combines at completion.
  crypto::ChecksumAlgorithm stored = crypto::ChecksumAlgorithm::kCrc64Nvme;
  std::optional<crypto::ChecksumAlgorithm> also;
  // Lower-case names from x-amz-trailer, for the aws-chunked decoder.
  std::vector<std::string> declared_trailers;
};

// Reads the promises from the header (and query). InvalidDigest for a malformed Content-MD5;
// InvalidRequest for a malformed checksum value, several checksum algorithms, an unknown
// algorithm, an x-amz-sdk-checksum-algorithm without its checksum, or a trailer without a
// trailer-carrying aws-chunked payload.
core::Result<IntegrityPlan> plan_integrity(const ExchangeState& x);

// The checksum S3 stores with the object and returns (x-amz-checksum-*, GetObjectAttributes).
struct VerifiedIntegrity {
  std::string md5_hex;
  std::string checksum_name;    // "CRC32", ...: the stored algorithm
  std::string checksum_base64;  // its value computed from the bytes
  // Every checksum computed (the stored one, and `also` when planned), name -> base64.
  std::map<std::string, std::string> all;
};

// Hashes the payload as it streams; verify() compares with every promise.
class UploadHasher {
 public:
  UploadHasher(IntegrityPlan plan, bool sha256_signed);

  void update(std::span<const char> bytes);
  // `md5_hex`: the staged write's MD5 of the same bytes. `trailers`: what the aws-chunked
  // trailer carried (empty for other bodies). BadDigest / XAmzContentSHA256Mismatch /
  // MalformedTrailerError with a diagnosis in plain words.
  core::Result<VerifiedIntegrity> verify(std::string md5_hex,
                                         const std::vector<auth::TrailerField>& trailers,
                                         const auth::AuthResult& auth);

 private:
  IntegrityPlan plan_;
  crypto::Checksummer checksum_;
  std::optional<crypto::Checksummer> also_;
  std::optional<crypto::Digest> sha256_;
};

// Response headers announcing a stored checksum: x-amz-checksum-<alg> and x-amz-checksum-type.
void add_checksum_headers(const std::map<std::string, std::string>& checksums,
                          const std::string& checksum_type, core::Response& r);

}  // namespace s3sandbox::app
