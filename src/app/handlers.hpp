// The S3 operation handlers, one per row of the operations table (router/operations.hpp), which
// is what dispatches to them; grouped by resource in bucket_ops.cpp, object_get.cpp,
// object_put.cpp, object_copy.cpp, object_delete.cpp, object_tagging.cpp, list_ops.cpp,
// multipart_*.cpp, cors_ops.cpp and notification_ops.cpp. None of them renders errors.
// Two shapes, by the row's BODY column:
//   None / Stream: Started h(ExchangeState& x): an answer now, or a body consumer (Stream).
//   Xml: core::Result<core::Response> h(ExchangeState& x, std::string body): the document,
//        already collected and checked against the request's integrity promises.
// tests/unit/app/operations_table_test.cpp checks that every handler declared here has a row.
#pragma once

#include <string>

#include "exchange_state.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

xml::Owner owner_of(const ExchangeState& x);
// If-None-Match: * / If-Match: <etag> of PutObject and CompleteMultipartUpload.
core::Result<storage::WriteCondition> read_write_condition(const core::RequestView& req);

// The handler of the calls the table names but s3sandbox does not implement: 501.
Started not_implemented(ExchangeState& x);

Started list_buckets(ExchangeState& x);
core::Result<core::Response> create_bucket(ExchangeState& x, std::string body);
Started delete_bucket(ExchangeState& x);
Started head_bucket(ExchangeState& x);
Started get_bucket_location(ExchangeState& x);

Started list_objects_v1(ExchangeState& x);
Started list_objects_v2(ExchangeState& x);

Started put_object(ExchangeState& x);
Started copy_object(ExchangeState& x);
Started get_object(ExchangeState& x);
Started head_object(ExchangeState& x);
Started get_object_attributes(ExchangeState& x);
Started delete_object(ExchangeState& x);
core::Result<core::Response> delete_objects(ExchangeState& x, std::string body);

Started create_multipart_upload(ExchangeState& x);
Started upload_part(ExchangeState& x);
Started upload_part_copy(ExchangeState& x);
core::Result<core::Response> complete_multipart_upload(ExchangeState& x, std::string body);
Started abort_multipart_upload(ExchangeState& x);
Started list_parts(ExchangeState& x);
Started list_multipart_uploads(ExchangeState& x);

// Browser form upload: authorised by its POST policy, not by a request signature.
Started post_object(ExchangeState& x);

// The bucket's CORS configuration (cors_ops.cpp); preflights are answered in cors_preflight.cpp.
core::Result<core::Response> put_bucket_cors(ExchangeState& x, std::string body);
Started get_bucket_cors(ExchangeState& x);
Started delete_bucket_cors(ExchangeState& x);

// The bucket's event notification configuration (notification_ops.cpp).
core::Result<core::Response> put_bucket_notification_configuration(ExchangeState& x,
                                                                   std::string body);
Started get_bucket_notification_configuration(ExchangeState& x);

// Object tags (object_tagging.cpp).
Started get_object_tagging(ExchangeState& x);
core::Result<core::Response> put_object_tagging(ExchangeState& x, std::string body);
Started delete_object_tagging(ExchangeState& x);

// The bucket's default encryption (bucket_encryption_ops.cpp; object side in encryption.hpp).
core::Result<core::Response> put_bucket_encryption(ExchangeState& x, std::string body);
Started get_bucket_encryption(ExchangeState& x);
Started delete_bucket_encryption(ExchangeState& x);

// Bucket tags (bucket_tagging_ops.cpp).
core::Result<core::Response> put_bucket_tagging(ExchangeState& x, std::string body);
Started get_bucket_tagging(ExchangeState& x);
Started delete_bucket_tagging(ExchangeState& x);

// The bucket's lifecycle configuration (lifecycle_ops.cpp; the rules run in
// lifecycle_evaluator.hpp, their headers in lifecycle_headers.hpp).
core::Result<core::Response> put_bucket_lifecycle_configuration(ExchangeState& x, std::string body);
Started get_bucket_lifecycle_configuration(ExchangeState& x);
Started delete_bucket_lifecycle(ExchangeState& x);

// Access control: Object Ownership, Block Public Access, ACLs and bucket policies
// (access_ops.cpp; the decision itself is authorize.hpp's).
Started get_bucket_ownership_controls(ExchangeState& x);
core::Result<core::Response> put_bucket_ownership_controls(ExchangeState& x, std::string body);
Started delete_bucket_ownership_controls(ExchangeState& x);
Started get_public_access_block(ExchangeState& x);
core::Result<core::Response> put_public_access_block(ExchangeState& x, std::string body);
Started delete_public_access_block(ExchangeState& x);
Started get_bucket_acl(ExchangeState& x);
core::Result<core::Response> put_bucket_acl(ExchangeState& x, std::string body);
Started get_object_acl(ExchangeState& x);
core::Result<core::Response> put_object_acl(ExchangeState& x, std::string body);
Started get_bucket_policy(ExchangeState& x);
core::Result<core::Response> put_bucket_policy(ExchangeState& x, std::string body);
Started delete_bucket_policy(ExchangeState& x);
Started get_bucket_policy_status(ExchangeState& x);

// Versioning (versioning_ops.cpp).
Started get_bucket_versioning(ExchangeState& x);
core::Result<core::Response> put_bucket_versioning(ExchangeState& x, std::string body);
Started list_object_versions(ExchangeState& x);

}  // namespace s3sandbox::app
