// The S3 operation handlers, grouped by resource in bucket_ops.cpp, object_get.cpp,
// object_put.cpp, object_copy.cpp, object_delete.cpp, list_ops.cpp and cors_ops.cpp. Each takes
// the exchange state and returns an answer or a body consumer; none of them renders errors.
#pragma once

#include "exchange_state.hpp"
#include "s3sandbox/xml/render.hpp"

namespace s3sandbox::app {

xml::Owner owner_of(const ExchangeState& x);

Started list_buckets(ExchangeState& x);
Started create_bucket(ExchangeState& x);
Started delete_bucket(ExchangeState& x);
Started head_bucket(ExchangeState& x);
Started get_bucket_location(ExchangeState& x);

Started list_objects_v1(ExchangeState& x);
Started list_objects_v2(ExchangeState& x);

Started put_object(ExchangeState& x);
// If-None-Match: * / If-Match: <etag> of PutObject and CompleteMultipartUpload.
core::Result<storage::WriteCondition> read_write_condition(const core::RequestView& req);
Started copy_object(ExchangeState& x);
Started get_object(ExchangeState& x, bool head);
Started get_object_attributes(ExchangeState& x);
Started delete_object(ExchangeState& x);
Started delete_objects(ExchangeState& x);
Started create_multipart_upload(ExchangeState& x);
Started upload_part(ExchangeState& x);
Started upload_part_copy(ExchangeState& x);
Started complete_multipart_upload(ExchangeState& x);
Started abort_multipart_upload(ExchangeState& x);
Started list_parts(ExchangeState& x);
Started list_multipart_uploads(ExchangeState& x);

// Browser form upload: authorised by its POST policy, not by a request signature.
Started post_object(ExchangeState& x);

// The bucket's CORS configuration (cors_ops.cpp); preflights are answered in cors_preflight.cpp.
Started put_bucket_cors(ExchangeState& x);
Started get_bucket_cors(ExchangeState& x);
Started delete_bucket_cors(ExchangeState& x);

}  // namespace s3sandbox::app
