// Parsing of S3 XML request bodies with pugixml, with size limits: bodies larger than the limit,
// not well formed, or of the wrong shape are MalformedXML, with a diagnosis saying which. Root and
// child elements are matched by local name, with or without the S3 namespace. Pure; thread safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::xml {

// S3 documents no byte limit for these bodies, only 1000 keys per Delete. The worst legal Delete
// is 1000 keys of 1024 bytes, each byte escaped as a 6-byte entity (&quot;): about 6.2 MB, so the
// limit sits above that and no request S3 accepts is refused for size.
inline constexpr std::size_t kMaxXmlBody = 8 * 1024 * 1024;  // bytes

// <CreateBucketConfiguration><LocationConstraint>eu-west-1</...></...> -> "eu-west-1" (trimmed);
// an empty body or no LocationConstraint -> "". Other children (Location, Bucket) are ignored.
core::Result<std::string> parse_create_bucket_configuration(std::string_view body);

// <Delete><Quiet>true</Quiet><Object><Key>k</Key></Object>...</Delete>. Quiet is true/false
// (any case); each Object needs exactly one non-empty Key, kept byte for byte (whitespace
// included); VersionId and other Object children are ignored (s3sandbox keeps no versions).
struct DeleteRequest {
  bool quiet = false;
  std::vector<std::string> keys;  // 1..1000 in request order, else MalformedXML
  // Each key's <VersionId>, "" when it has none (versioning: delete that version for good).
  std::vector<std::string> version_ids;
};
core::Result<DeleteRequest> parse_delete_request(std::string_view body);

// <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."</ETag>
// [<ChecksumCRC32>...</ChecksumCRC32>]</Part>...</CompleteMultipartUpload>. MalformedXML when
// not well formed, the root is wrong, there is no Part or more than 10000, a Part lacks exactly
// one PartNumber or ETag, or a PartNumber is not an int. Parts come back in document order; the
// caller checks order (InvalidPartOrder), range (1..10000) and existence (InvalidPart).
struct CompletedPart {
  int part_number = 0;
  std::string etag;  // whitespace trimmed, surrounding quotes stripped: "\"abc\"" and "abc" -> abc
  // "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256" -> value as sent (trimmed), from the
  // ChecksumCRC32... children; a checksum element given twice is MalformedXML.
  std::map<std::string, std::string> checksums;
};
core::Result<std::vector<CompletedPart>> parse_complete_multipart_upload(std::string_view body);

// PutBucketCors: <CORSConfiguration><CORSRule>[<ID/>]<AllowedOrigin/>+<AllowedMethod/>+
// <AllowedHeader/>*<ExposeHeader/>*[<MaxAgeSeconds/>]</CORSRule>...</CORSConfiguration>, rule
// children in any order, values kept verbatim. The whole document's shape is checked first:
// MalformedXML when it is not well formed, the root is wrong, there are 0 or more than
// kMaxCorsRules rules, an unknown element or text sits in the root or a rule, a rule lacks
// AllowedOrigin or AllowedMethod, ID is over 255 characters or repeated, MaxAgeSeconds is not
// an integer 0..2147483647 or repeated. Then each rule in order, as S3 checks: InvalidRequest
// "Found unsupported HTTP method in CORS config. Unsupported method is X" (only GET, PUT,
// POST, DELETE, HEAD, case-sensitive), 'AllowedOrigin "X" can not have more than one
// wildcard.', the same for AllowedHeader, and 'ExposeHeader "X" contains wildcard. We currently
// do not support wildcard for ExposeHeader.'
inline constexpr std::size_t kMaxCorsRules = 100;
inline constexpr std::size_t kMaxCorsBody = 64 * 1024;  // "The document is limited to 64 KB"
core::Result<std::vector<storage::CorsRule>> parse_cors_configuration(std::string_view body);

// PutObjectTagging and POST Object's `tagging` field: <Tagging><TagSet><Tag><Key>k</Key>
// <Value>v</Value></Tag>...</TagSet></Tagging>. Keys and values are kept verbatim (the app checks
// S3's limits). MalformedXML when not well formed, the root is not Tagging, there is not exactly
// one TagSet, or a Tag lacks exactly one Key and one Value.
using TagSet = std::vector<std::pair<std::string, std::string>>;
core::Result<TagSet> parse_tagging(std::string_view body);

}  // namespace s3sandbox::xml
