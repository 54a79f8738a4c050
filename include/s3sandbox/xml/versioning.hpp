// The documents of S3 versioning: VersioningConfiguration (PutBucketVersioning's body and
// GetBucketVersioning's answer) and ListVersionsResult (ListObjectVersions).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "s3sandbox/core/result.hpp"
#include "s3sandbox/storage/versions.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::xml {

struct VersioningConfiguration {
  std::optional<std::string> status;      // "Enabled" / "Suspended"; none: unchanged
  std::optional<std::string> mfa_delete;  // "Enabled" / "Disabled"; none: not given
};

// <VersioningConfiguration>[<Status/>][<MfaDelete/>]</VersioningConfiguration>. MalformedXML
// (S3's answer) for another root or a value outside the schema's enumerations.
core::Result<VersioningConfiguration> parse_versioning_configuration(std::string_view body);

// GetBucketVersioning: an empty <VersioningConfiguration/> for a bucket never versioned, else
// <Status/> and, when MFA delete was ever configured, <MfaDelete/>.
std::string render_versioning_configuration(const VersioningConfiguration& c);

// ListVersionsResult: Name, Prefix, KeyMarker, VersionIdMarker, [NextKeyMarker,
// NextVersionIdMarker when truncated], MaxKeys, [Delimiter], [EncodingType], IsTruncated, then
// <Version> and <DeleteMarker> entries interleaved in listing order, then CommonPrefixes. With
// encoding_type "url", Prefix, KeyMarker, NextKeyMarker, Delimiter, Key and CommonPrefixes are
// percent-encoded (botocore decodes exactly those).
struct ListVersionsParams {
  std::string bucket, prefix, delimiter, key_marker, version_id_marker, encoding_type;
  int max_keys = 1000;
};
std::string render_list_versions(const ListVersionsParams& p, const storage::VersionsPage& page,
                                 const Owner& owner);

}  // namespace s3sandbox::xml
