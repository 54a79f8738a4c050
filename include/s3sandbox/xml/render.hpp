// Rendering of S3 XML responses with pugixml, byte-for-byte as S3 writes them: declaration
// `<?xml version="1.0" encoding="UTF-8"?>` and one '\n', the S3 namespace on result roots (not on
// <Error>), no indentation, no trailing newline, '"' in text as &quot; (ETag values). Element
// order per S3's responses; see each function. Pure functions; thread safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3sandbox/core/error.hpp"
#include "s3sandbox/storage/types.hpp"

namespace s3sandbox::xml {

struct Owner {
  std::string id;
  std::string display_name;
};

// <Error><Code/><Message/>[fields...][<Resource/>]<RequestId/><HostId/>[<Diagnosis/>]</Error>
// Resource is rendered only when non-empty (S3 omits it from most errors).
std::string render_error(const core::S3Error& error, std::string_view resource,
                         std::string_view request_id, std::string_view host_id);

std::string render_list_buckets(const std::vector<storage::BucketInfo>& buckets,
                                const Owner& owner);

// "" and "us-east-1" render the empty element <LocationConstraint xmlns="..."/>.
std::string render_location(std::string_view region);

// encoding_type "url" percent-encodes Prefix, Marker, NextMarker, Delimiter, Key and
// CommonPrefixes/Prefix (space as '+', '/' kept), as S3 does. Every Contents carries Owner.
struct ListV1Params {
  std::string bucket, prefix, marker, delimiter, encoding_type;  // encoding_type "" or "url"
  int max_keys = 1000;
  std::string next_marker;  // rendered only when a delimiter is given and truncated
  // Per object, parallel to page.objects: its Owner. Empty: `owner` for all.
  std::vector<Owner> owners;
};
std::string render_list_objects_v1(const ListV1Params& p, const storage::ListPage& page,
                                   const Owner& owner);

// encoding_type "url" percent-encodes Prefix, StartAfter, Delimiter, Key and
// CommonPrefixes/Prefix; tokens are opaque and never encoded. KeyCount counts Contents and
// CommonPrefixes. Owner appears only with fetch_owner.
struct ListV2Params {
  std::string bucket, prefix, delimiter, encoding_type, start_after;
  std::string continuation_token;       // as received ("" = none)
  std::string next_continuation_token;  // rendered when the page is truncated and this is set
  int max_keys = 1000;
  bool fetch_owner = false;
  // Per object, parallel to page.objects: its Owner. Empty: `owner` for all.
  std::vector<Owner> owners;
};
std::string render_list_objects_v2(const ListV2Params& p, const storage::ListPage& page,
                                   const Owner& owner);

// <CopyObjectResult><LastModified/><ETag>&quot;...&quot;</ETag>[<ChecksumType/>]
// [<ChecksumCRC32/>...]</CopyObjectResult>; `root` "CopyPartResult" for UploadPartCopy.
std::string render_copy_object_result(std::string_view etag_unquoted, core::TimePoint modified,
                                      const std::map<std::string, std::string>& checksums = {},
                                      std::string_view checksum_type = "",
                                      const char* root = "CopyObjectResult");

struct DeleteOutcome {
  std::string key;
  bool deleted = true;
  std::string error_code;     // when !deleted
  std::string error_message;  // when !deleted
  // Versioning: the version the request named ("" = none), and a delete marker created or
  // removed (DeleteMarker true, DeleteMarkerVersionId its id).
  std::string version_id;
  bool delete_marker = false;
  std::string delete_marker_version_id;
};
// <Deleted><Key/>[<VersionId/>][<DeleteMarker/><DeleteMarkerVersionId/>]</Deleted> per success
// (omitted when quiet), <Error><Key/>[<VersionId/>]<Code/><Message/></Error> per failure
// (always), in the given order.
std::string render_delete_result(const std::vector<DeleteOutcome>& outcomes, bool quiet);

// GetObjectAttributesResponse with the requested elements, in S3's order: ETag (unquoted, as
// S3 renders it here), Checksum (ChecksumCRC32..., ChecksumType), ObjectParts, StorageClass,
// ObjectSize.
struct ObjectAttributes {
  bool etag = false, checksum = false, object_parts = false, storage_class = false,
       object_size = false;
  // ObjectParts paging (multipart objects only).
  int part_number_marker = 0;
  int max_parts = 1000;
};
std::string render_object_attributes(const ObjectAttributes& wanted,
                                     const storage::ObjectMeta& meta);

// The answer to a browser form upload with success_action_status=201.
std::string render_post_response(std::string_view location, std::string_view bucket,
                                 std::string_view key, std::string_view etag_unquoted);

// <InitiateMultipartUploadResult><Bucket/><Key/><UploadId/></InitiateMultipartUploadResult>
std::string render_initiate_multipart_upload(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id);

// <CompleteMultipartUploadResult><Location/><Bucket/><Key/><ETag>&quot;..&quot;</ETag>
// [<ChecksumCRC32/>...][<ChecksumType/>]</...>; Bucket, Key, ETag and checksums from `meta`.
std::string render_complete_multipart_upload(std::string_view location,
                                             const storage::ObjectMeta& meta);

// ListPartsResult in the order of S3's responses: Bucket, Key, UploadId, Initiator, Owner,
// StorageClass, PartNumberMarker, NextPartNumberMarker, MaxParts, IsTruncated,
// [ChecksumAlgorithm], [ChecksumType], Part* (PartNumber, LastModified, ETag, Size,
// [ChecksumCRC32...]). NextPartNumberMarker is page.next_marker, always rendered.
struct ListPartsParams {
  std::string bucket, key, upload_id, storage_class, checksum_algorithm, checksum_type;
  int part_number_marker = 0;
  int max_parts = 1000;
  // Who initiated the upload, when it is not `owner` (the account that called
  // CreateMultipartUpload; Owner is the object's owner to be).
  std::optional<Owner> initiator;
};
std::string render_list_parts(const ListPartsParams& p, const storage::PartsPage& page,
                              const Owner& owner);

// ListMultipartUploadsResult in the order of S3's responses: Bucket, KeyMarker, UploadIdMarker,
// NextKeyMarker, NextUploadIdMarker, [Delimiter], Prefix, [EncodingType], MaxUploads,
// IsTruncated, Upload* (Key, UploadId, Initiator, Owner, StorageClass, Initiated,
// [ChecksumAlgorithm], [ChecksumType]), CommonPrefixes*. The markers are echoed as given and
// the Next* ones (from the page) are always rendered, empty when the page is. encoding_type
// "url" percent-encodes KeyMarker, NextKeyMarker, Delimiter, Prefix, Key and
// CommonPrefixes/Prefix, as the object listings do; upload ids are never encoded.
struct ListUploadsParams {
  std::string bucket, prefix, delimiter, key_marker, upload_id_marker, encoding_type;
  int max_uploads = 1000;
  // Per upload, parallel to page.uploads: its Initiator and Owner. Empty: `owner` for all.
  std::vector<Owner> initiators, owners;
};
std::string render_list_multipart_uploads(const ListUploadsParams& p,
                                          const storage::UploadsPage& page, const Owner& owner);

// GetBucketCors: <CORSConfiguration xmlns=S3><CORSRule>[<ID/>]<AllowedMethod/>*
// <AllowedOrigin/>*<AllowedHeader/>*[<MaxAgeSeconds/>]<ExposeHeader/>*</CORSRule>...
// </CORSConfiguration>, in the element order of S3's GetBucketCors responses.
std::string render_cors_configuration(const std::vector<storage::CorsRule>& rules);

// GetObjectTagging's <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>, in the
// order the tags were given.
std::string render_tagging(const std::vector<std::pair<std::string, std::string>>& tags);

}  // namespace s3sandbox::xml
